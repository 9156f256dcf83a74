class AttendanceError(Exception):
    """An illegal attendance action; the message is a Chinese sentence shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
