"""Every state change of the inspections app; views, tasks and tests call these only.

Refusals are ``inspections.errors.InspectionError``."""
