class VehicleError(Exception):
    """An illegal 公务用车 action; the message is a Chinese sentence shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
