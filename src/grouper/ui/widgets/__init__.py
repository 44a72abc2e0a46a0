"""Widgets, grouped by where they sit on the screen."""
