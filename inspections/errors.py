class InspectionError(Exception):
    """A refused action; the message is a Chinese sentence the view shows as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
