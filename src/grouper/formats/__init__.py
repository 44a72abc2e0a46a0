"""Files in and out: pathway files, class bundles, rosters, scores and OneRoster packages.

Everything a teacher or a school hands grouper is read and checked here (with pydantic where
a file's shape is checked), and turned into the core's models; nothing here knows the app,
the store or the terminal.
"""
