from inspections.dates import parse_week


def test_a_week_is_read_from_the_html_week_input():
    assert parse_week("2026-W47") == (2026, 47)


def test_malformed_or_unsupported_weeks_are_none():
    for value in ["", "2026-47", "2026-W54", "9999-W52", "0001-W01", "1900-W01"]:
        assert parse_week(value) is None
