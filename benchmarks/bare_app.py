"""The start-up baseline: a bare Textual app showing a 30-row DataTable, nothing else.

Run as a script (``python benchmarks/bare_app.py``) by the start-up benchmark,
in a pseudo-terminal, exactly as ``grouper demo`` is; the benchmark times it
until a row's name appears on the terminal.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable

ROWS = 30
CHECKS = 13  # as many score columns as the demo's first class


def row_name(i: int) -> str:
    return f"Bare Row {i:02d}"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Student", "Place", *(f"c{j}" for j in range(CHECKS)))
        for i in range(ROWS):
            table.add_row(row_name(i), "S1", *(str((i * 7 + j) % 20) for j in range(CHECKS)))


if __name__ == "__main__":
    BareApp().run()
