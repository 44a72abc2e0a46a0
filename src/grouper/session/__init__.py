"""The one way a class is changed, planned and read: the app and every command go through here.

``class_session.ClassSession`` is one class open for work (a score typed is a score kept, undo
takes it back as a retraction); ``demo`` makes the throwaway store ``grouper demo`` shows.
"""
