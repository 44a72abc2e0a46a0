"""What this computer and this teacher bring: preferences (``config.toml``), today's date, the shipped files.

``prefs`` is the teacher's ``config.toml`` (theme, last class, ``date_order``, ``[keys]``);
``clock.today()`` is the date every score and plan is dated by (``GROUPER_TODAY`` fixes it for
tests and demos); ``resources`` finds the themes and sample classes a wheel or a checkout carries.
"""
