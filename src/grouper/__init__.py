"""grouper: tomorrow's small groups from today's quick checks."""

__version__ = "0.1.0"
