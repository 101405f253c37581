"""The base of every lab error: its message is the text a user sees."""


class LabError(Exception):
    """A lab operation failed; the message is fit to show a user."""
