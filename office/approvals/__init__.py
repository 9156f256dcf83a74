"""The one approval mechanism: models, services (start/decide/withdraw/cancel, the registry),
selectors (inbox, trail) and the action views every kind of request shares."""
