"""The command line's shape: every command, its arguments and its help text."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from grouper import __version__
from grouper.cli.lazy import Commands

# Each command's module is imported when that command runs, not to build the parser.
common_cmds = Commands("grouper.cli.common")
pathway_cmds = Commands("grouper.cli.pathway")
class_cmds = Commands("grouper.cli.classes")
roster_cmds = Commands("grouper.cli.roster")
score_cmds = Commands("grouper.cli.scores")
note_cmds = Commands("grouper.cli.notes")
plan_cmds = Commands("grouper.cli.plans")
progress_cmds = Commands("grouper.cli.progress")
backup_cmds = Commands("grouper.cli.backup")
d = Commands("grouper.cli.doctor")
x = Commands("grouper.cli.exchange")
r = Commands("grouper.cli.rules")
detour_cmds = Commands("grouper.cli.detours")
goal_cmds = Commands("grouper.cli.goals")
report_cmds = Commands("grouper.cli.reports")
tier_cmds = Commands("grouper.cli.tiers")
mtss_cmds = Commands("grouper.cli.mtss")
school_cmds = Commands("grouper.cli.school")
block_cmds = Commands("grouper.cli.block")
web = Commands("grouper.cli.serve")
app = Commands("grouper.cli.launch")


class _Parser(argparse.ArgumentParser):
    """argparse that reports mistakes in two plain lines, exit code 2."""

    def error(self, message: str) -> NoReturn:
        print(f"grouper: {message}", file=sys.stderr)
        print(f"Try '{self.prog} --help'.", file=sys.stderr)
        raise SystemExit(2)


def _store_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--store",
        metavar="DIR",
        default=default,
        help="the folder holding grouper's data (default: $GROUPER_HOME or your user data folder)",
    )


class _Unused:
    """Stands in for the parsers of commands not asked for: building all 41 of argparse's parsers costs
    more than the rest of a command's start, so only the chosen command's are built."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


_UNUSED: Any = _Unused()


def command_word(argv: Sequence[str]) -> str | None:
    """The command asked for (``groups`` in ``grouper --store D groups X``), or None for none or a request for help."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--store":
            skip = True
        elif word in ("-h", "--help"):
            return None
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given ``argv``, only the parsers of the command it asks for are built.

    Without ``argv``, or when it asks for help or names no known command,
    everything is built, so ``--help`` lists every command and a mistyped one
    is answered with the full list.
    """
    wanted = command_word(argv) if argv is not None else None
    if wanted not in COMMANDS:
        wanted = None
    top = _Parser(
        prog="grouper",
        description="Tomorrow's small groups from today's quick checks. "
        "Run with no command to open the app on your classes; 'grouper demo' opens it on sample classes.",
    )
    top.add_argument("--version", action="version", version=f"grouper {__version__}")
    _store_option(top, None)
    top.set_defaults(run=app.cmd_app)
    # Sub-commands accept --store too (after the command); SUPPRESS keeps the top-level value.
    common = argparse.ArgumentParser(add_help=False)
    _store_option(common, argparse.SUPPRESS)
    sub = top.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    def add(parent: argparse._SubParsersAction, name: str, help_text: str, run: object) -> argparse.ArgumentParser:  # type: ignore[type-arg]
        if parent is _UNUSED or (parent is sub and wanted not in (None, name)):
            return _UNUSED  # type: ignore[no-any-return]
        p = parent.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(run=run)
        return p

    def group(name: str, help_text: str) -> argparse._SubParsersAction:  # type: ignore[type-arg]
        if wanted not in (None, name):
            return _UNUSED  # type: ignore[no-any-return]
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(run=lambda args, p=p: common_cmds.missing_subcommand(p))
        return p.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    p = add(sub, "demo", "open the app on a throwaway copy of the sample classes", app.cmd_demo)
    # For 'grouper serve --demo': every browser tab opens the one sample store the server made.
    p.add_argument("--in", dest="in_dir", metavar="DIR", help=argparse.SUPPRESS)
    p = add(sub, "serve", "the app in a web browser on this computer (127.0.0.1), for a projector; "
            "needs pip install 'grouper[serve]'", web.cmd_serve)
    p.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")
    p.add_argument("--host", default="127.0.0.1",
                   help="the address to listen on (default: 127.0.0.1, this computer only); another address "
                   "lets others on the network who have the link with its token open your classes")
    p.add_argument("--demo", action="store_true", help="serve a throwaway copy of the sample classes")
    p.add_argument("--token", metavar="TOKEN", help="the secret the page's link carries "
                   "(default: a new random one each run; at least 16 letters and digits)")

    pw = group("pathway", "list, show, check and add learning pathways")
    add(pw, "list", "list the pathways you can use", pathway_cmds.cmd_pathway_list)
    p = add(pw, "show", "show a pathway's stages, focus and checks", pathway_cmds.cmd_pathway_show)
    p.add_argument("id", metavar="ID")
    p = add(pw, "check", "check a pathway file and say what is wrong with it", pathway_cmds.cmd_pathway_check)
    p.add_argument("file", metavar="FILE")
    p = add(pw, "add", "add a pathway file so classes can use it", pathway_cmds.cmd_pathway_add)
    p.add_argument("file", metavar="FILE")

    cl = group("class", "create, list, change, export and import classes")
    p = add(cl, "new", "create a class on a pathway", class_cmds.cmd_class_new)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--pathway", required=True, metavar="ID")
    _size_options(p)
    add(cl, "list", "list your classes", class_cmds.cmd_class_list)
    p = add(cl, "set", "change a class's group settings", class_cmds.cmd_class_set)
    p.add_argument("name", metavar="NAME")
    _size_options(p)
    what = "write a class (pathway, roster, scores, settings) to one JSON file"
    p = add(cl, "export", what, class_cmds.cmd_class_export)
    p.add_argument("name", metavar="NAME")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: standard output)")
    p = add(cl, "import", "add a class from a JSON file made by 'class export'", class_cmds.cmd_class_import)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--name", metavar="NAME", help="import under another name")
    for kind, word in (("keep-apart", "never in the same group"), ("keep-together", "always in the same group")):
        p = add(cl, kind, f"keep students {word} (--remove to stop)", r.cmd_class_rule)
        p.set_defaults(kind=kind)
        p.add_argument("cls", metavar="CLASS")
        p.add_argument("students", metavar="STUDENT", nargs="+", help="two or more: id, name, or the start of a name")
        p.add_argument("--remove", action="store_true", help="stop keeping exactly these students " + kind[5:])
    p = add(cl, "constraints", "list who is kept apart or together, pinned, or moved", r.cmd_class_rules)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("--json", action="store_true", help="print them as JSON")

    ro = group("roster", "bring in a class list")
    p = add(ro, "import", "add or update students from a CSV (name, or first_name + last_name; id, tags)",
            roster_cmds.cmd_roster_import)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("file", metavar="FILE")
    p = add(ro, "import-oneroster", "list the classes in a OneRoster 1.1/1.2 CSV folder or .zip, or import one's "
            "students (again and again: linked by sourcedId)", x.cmd_roster_import_oneroster)
    p.add_argument("path", metavar="PATH", help="the folder or .zip holding users.csv, classes.csv, enrollments.csv")
    p.add_argument("--class", dest="oneroster_class", metavar="CODE_OR_TITLE",
                   help="the class in the file to import (leave out to list them)")
    p.add_argument("--into", metavar="CLASS", help="the grouper class the students go in")
    p.add_argument("--dry-run", action="store_true", help="say what would change, save nothing")

    p = add(sub, "score", "save one score, or take back the last one saved (--undo)", score_cmds.cmd_score)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("student", metavar="STUDENT", nargs="?", help="id, name, or the start of a name")
    p.add_argument("check", metavar="CHECK", nargs="?", help="check id or the start of its label")
    p.add_argument("value", metavar="VALUE", nargs="?", help="the score, or 'clear' to clear it")
    p.add_argument("--undo", action="store_true",
                   help="take back the last score saved in the class (recorded as a retraction, never deleted)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day it was assessed (default: today)")
    p.add_argument("--note", metavar="TEXT", default="", help="a note kept with the score")

    p = add(sub, "note", "keep a dated note about a student (what you noticed)", note_cmds.cmd_note)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("student", metavar="STUDENT", help="id, name, or the start of a name")
    p.add_argument("text", metavar="TEXT", help="the note, in quotes")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day it is about (default: today)")

    p = add(sub, "notes", "list the notes kept about students, newest first", note_cmds.cmd_notes)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("student", metavar="STUDENT", nargs="?", help="only this student's notes")
    p.add_argument("--json", action="store_true", help="print the notes as JSON")

    sc = group("scores", "bring in many scores at once")
    p = add(sc, "import", "import scores from a CSV: student, check, score (optional date, note), or one row per "
            "student and one column per check (optional date): all or nothing", score_cmds.cmd_scores_import)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day for rows without a date (default: today)")

    for name, present in (("absent", False), ("present", True)):
        verb = "will be there" if present else "will be away"
        p = add(sub, name, f"mark students who {verb} on a day", score_cmds.cmd_attendance)
        p.set_defaults(present=present)
        p.add_argument("cls", metavar="CLASS")
        p.add_argument("students", metavar="STUDENT", nargs="+")
        p.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: the next school day)")

    p = add(sub, "move", "put a student in the group taught at a stage, for one day only", r.cmd_move)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("student", metavar="STUDENT", help="id, name, or the start of a name")
    p.add_argument("stage", metavar="STAGE", nargs="?", help="stage id or the start of its label")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: the next school day)")
    p.add_argument("--clear", action="store_true", help="take the move for that day off")
    p = add(sub, "pin", "keep a student in the group taught at a stage, every day until unpinned", r.cmd_pin)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("student", metavar="STUDENT", help="id, name, or the start of a name")
    p.add_argument("stage", metavar="STAGE", help="stage id or the start of its label")
    p = add(sub, "unpin", "let the plan group a pinned student by their scores again", r.cmd_unpin)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("student", metavar="STUDENT", help="id, name, or the start of a name")

    p = add(sub, "detour", "take a student on a detour of their stage (the same learning taught another way), "
            "or end it; with no detour, list the stage's detours", detour_cmds.cmd_detour)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("student", metavar="STUDENT", help="id, name, or the start of a name")
    p.add_argument("detour", metavar="DETOUR", nargs="?", help="detour id or the start of its label")
    p.add_argument("--end", action="store_true", help="end the detour the student is on (back to the main route)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day it starts or ends (default: today)")

    p = add(sub, "goal", "set a goal (a target score on a check by a date) and see its line and the rule "
            "(on track, mixed, below the line); with no score, show the student's goals", goal_cmds.cmd_goal)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("student", metavar="STUDENT", help="id, name, or the start of a name")
    p.add_argument("check", metavar="CHECK", nargs="?", help="check id or the start of its label")
    p.add_argument("score", metavar="SCORE", nargs="?", help="the target score")
    p.add_argument("--by", metavar="YYYY-MM-DD", help="the date the target is for")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                   help="where the line starts: the latest score on or before this day (default: today)")
    p.add_argument("--clear", action="store_true", help="take the goal on CHECK off")

    p = add(sub, "groups", "show the groups for a day", plan_cmds.cmd_groups)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day to plan (default: the next school day)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")

    pl = group("plan", "which groups meet each day (grouper plan CLASS --days 5), and keep the plan you teach from")
    p = add(pl, "week", "which groups meet on each of the next school days, and why", plan_cmds.cmd_plan_week)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("--days", type=int, default=5, metavar="N", help="how many school days (default 5)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the first day (default: the next school day)")
    p.add_argument("--json", action="store_true", help="print the rotation as JSON")
    p = add(pl, "lock", "lock the plan for a day: kept exactly as it is now, never recomputed", plan_cmds.cmd_plan_lock)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: the next school day)")

    p = add(sub, "progress", "who has moved, who is stalled, slipped or due a check; the class profile by week",
            progress_cmds.cmd_progress)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("--json", action="store_true", help="print every student's progress as JSON")
    p.add_argument("--format", choices=("text", "md", "html"), default="text")
    p.add_argument("--by-tag", action="store_true", help="split the profile and the lists by student tag (ELL, IEP...)")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write md/html (default: standard output)")

    p = add(sub, "tier", "a student's tier of support (1 core, 2 or 3 an intervention with its sessions a week "
            "and a review date); with no tier, show it, the sessions delivered and every change", tier_cmds.cmd_tier)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("student", metavar="STUDENT", help="id, name, or the start of a name")
    p.add_argument("tier", metavar="TIER", nargs="?", type=int, choices=(1, 2, 3), help="1, 2 or 3")
    p.add_argument("--intervention", metavar="NAME", help="the intervention (Tier 2 and 3)")
    p.add_argument("--sessions-per-week", dest="sessions", metavar="N", type=int, help="sessions planned a week")
    p.add_argument("--start", metavar="YYYY-MM-DD", help="the day it starts (default: today)")
    p.add_argument("--review", metavar="YYYY-MM-DD", help="when the team looks again (default: six weeks on)")
    p.add_argument("--reason", metavar="TEXT", help="why it changed (kept with the change)")

    p = add(sub, "mtss", "the MTSS meeting: every Tier 2 and 3 student with their intervention, sessions delivered, "
            "goal and benchmark status, review due; Tier 1 students to discuss; counts per tier", mtss_cmds.cmd_mtss)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.add_argument("--format", choices=("text", "md", "html", "csv"), default="text")
    p.add_argument("--notes", action="store_true", help="with each student's newest note (left out by default)")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: standard output)")

    p = add(sub, "school", "the coach's view: every class's students at each stage, stalled, on a detour, per tier "
            "and at benchmark, who moved up lately, and the grade totals (classes sharing a pathway); read-only",
            school_cmds.cmd_school)
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.add_argument("--format", choices=("text", "md", "html"), default="text")
    p.add_argument("--by-tag", action="store_true", help="split each class's counts by student tag (ELL, IEP...)")
    p.add_argument("--since", metavar="YYYY-MM-DD",
                   help="count the students who moved up a stage since this day (default: 28 days ago)")
    p.add_argument("--bundles", nargs="+", metavar="FILE",
                   help="read these class files in place instead of the store's classes (nothing is imported)")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: standard output)")

    staff_help = ("each adult as 'Ms Lee', or with their limits: 'Mr Ortiz; room 12; most 8; not STAGE...' "
                  "(the most students they take, stages they should not teach)")
    bl = group("block", "the grade team's intervention block: several classes pooled, one group per adult")
    p = add(bl, "new", "make a block of classes and the adults who teach in it", block_cmds.cmd_block_new)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--classes", nargs="+", required=True, metavar="CLASS", help="the classes pooled")
    p.add_argument("--staff", nargs="+", required=True, metavar="ADULT", help=staff_help)
    p.add_argument("--min-size", type=int, metavar="N", help="the smallest group (default: the classes' smallest)")
    p.add_argument("--max-size", type=int, metavar="N", help="the largest group (default: the classes' largest)")
    p = add(bl, "staff", "add an adult to a block, change their limits, or take them off (--remove)",
            block_cmds.cmd_block_staff)
    p.add_argument("block", metavar="BLOCK")
    p.add_argument("adult", metavar="ADULT", help=staff_help)
    p.add_argument("--remove", action="store_true", help="take this adult off the block")
    p = add(bl, "list", "the blocks kept in the store", block_cmds.cmd_block_list)
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p = add(bl, "show", "a block's classes, staff and sizes", block_cmds.cmd_block_show)
    p.add_argument("block", metavar="BLOCK")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p = add(bl, "remove", "forget a block (its classes are not touched)", block_cmds.cmd_block_remove)
    p.add_argument("block", metavar="BLOCK")
    p = add(bl, "plan", "the block's exact best groups for a day: a card per adult, a sheet per class "
            "(--format md/html to print)", block_cmds.cmd_block_plan)
    p.add_argument("block", metavar="BLOCK", nargs="?", help="a kept block (or use --bundles with --staff)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day to plan (default: the next school day)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument("--format", choices=("text", "md", "html"), default="text")
    p.add_argument("--bundles", nargs="+", metavar="FILE",
                   help="plan these class files read in place (nothing is imported or stored)")
    p.add_argument("--staff", nargs="+", metavar="ADULT", help="with --bundles: " + staff_help)
    p.add_argument("--min-size", type=int, metavar="N", help="with --bundles: the smallest group")
    p.add_argument("--max-size", type=int, metavar="N", help="with --bundles: the largest group")
    p.add_argument("--name", metavar="NAME", help="with --bundles: the block's name on the cards (default: Block)")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: standard output)")

    rp = group("report", "reports for a coach and the grade team: what teaching works (grouper report teaching)")
    p = add(rp, "teaching", "which routes move students: per stage focus and per detour, how many were taught "
            "there, mastered, stalled, and the median school days and group sessions until mastery",
            report_cmds.cmd_report_teaching)
    p.add_argument("cls", metavar="CLASS", nargs="?", help="one class (default: every class in the store)")
    p.add_argument("--json", action="store_true", help="print the rows as JSON")
    p.add_argument("--format", choices=("text", "md", "html"), default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: standard output)")

    p = add(sub, "export", "write the plan for a day as Markdown, CSV, HTML, or printable group cards; "
            "or the class grid as CSV", plan_cmds.cmd_export)
    p.add_argument("cls", metavar="CLASS")
    p.add_argument("--format", choices=("md", "csv", "html", "cards", "grid"), default="md",
                   help="cards: a day sheet and one card per group, in HTML to print; grid: students x checks, "
                   "latest scores and stage, CSV for Excel or Google Sheets (--date: scores up to that day)")
    p.add_argument("--notes", action="store_true", help="cards: show each student's newest note")
    p.add_argument("--coaches", action="store_true",
                   help="list the peer coaches on each group (as 'o' shows them in the app)")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: standard output)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day to plan (default: the next school day)")

    p = add(sub, "doctor", "check the store file by file and say what to do; --fix repairs what is safe", d.cmd_doctor)
    p.add_argument("--fix", action="store_true",
                   help="tighten permissions, move unreadable and leftover files into quarantine/, put classes back")

    bk = group("backup", "list and restore the automatic backups")
    p = add(bk, "list", "list backups, newest first", backup_cmds.cmd_backup_list)
    p.add_argument("cls", metavar="CLASS", nargs="?")
    p = add(bk, "restore", "put a class back as it was in a backup", backup_cmds.cmd_backup_restore)
    p.add_argument("id", metavar="ID")
    return top


def _size_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--min-size", type=int, metavar="N", help="smallest group (default 2)")
    p.add_argument("--max-size", type=int, metavar="N", help="largest group (default 6)")
    p.add_argument("--max-groups", type=int, metavar="N", help="most groups in a day (default 5)")
    p.add_argument("--stall-days", type=int, metavar="N",
                   help="a student is stalled after N days at one stage (default 21)...")
    p.add_argument("--stall-scores", type=int, metavar="N",
                   help="...with at least N scores entered there (default 3)")
    p.add_argument("--due-days", type=int, metavar="N",
                   help="a check is due after N days without a score at the current stage (default 14)")
    p.add_argument("--slots-per-day", type=int, metavar="N", help="how many groups you see in a day (default 3)")
    p.add_argument("--max-gap-days", type=int, metavar="N",
                   help="every group is seen at least once in N group days (default 2)")
    p.add_argument("--no-groups", action="append", metavar="YYYY-MM-DD", default=None,
                   help="a day with no small groups (assembly, trip); repeat for more days")
    p.add_argument("--groups-again", action="append", metavar="YYYY-MM-DD", default=None,
                   help="take a day off the no-group days")


#: Every command word ``build_parser`` knows (a test checks this against the full parser).
COMMANDS = frozenset({
    "demo", "serve", "pathway", "class", "roster", "score", "note", "notes", "scores", "absent", "present", "move",
    "pin", "detour", "goal", "tier", "mtss", "school", "block", "unpin", "groups", "plan", "progress", "report",
    "export", "doctor", "backup",
})
