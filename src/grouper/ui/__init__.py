"""The Textual app: screens, widgets and the one stylesheet. It changes and reads classes only through the session."""
