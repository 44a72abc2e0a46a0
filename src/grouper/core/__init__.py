"""The pure domain of grouper: pathways, placement and grouping.

Nothing here imports textual, tinydb or rich (a test checks it), so the rules
can be used, tested and timed without a screen or a disk.
"""
