"""The reading kinds' own material, each one-to-one with an office ``Assignment``."""

from reading.models.circulars import Circular, ReadLog
from reading.models.study import StudyTask

__all__ = ["Circular", "ReadLog", "StudyTask"]
