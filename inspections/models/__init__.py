from inspections.models.checklist import Category, Item
from inspections.models.findings import Finding, FindingPhoto, InspectionRound
from inspections.models.instructions import Feedback, FeedbackAttachment, Instruction
from inspections.models.notices import WeeklyNotice
from inspections.models.selfcheck import (
    SelfInspectionCampaign,
    SelfInspectionReminder,
    SelfInspectionReport,
)

__all__ = [
    "Category",
    "Feedback",
    "FeedbackAttachment",
    "Finding",
    "FindingPhoto",
    "InspectionRound",
    "Instruction",
    "Item",
    "SelfInspectionCampaign",
    "SelfInspectionReminder",
    "SelfInspectionReport",
    "WeeklyNotice",
]
