from office.text import clean_text


def test_word_line_break_becomes_newline() -> None:
    assert clean_text("第一行\x0b第二行") == "第一行\n第二行"


def test_control_characters_are_removed_and_tabs_newlines_kept() -> None:
    assert clean_text("a\x00b\x08c\x1fd\x7fe\ufffff") == "abcdef"
    assert clean_text("甲\t乙\r\n丙") == "甲\t乙\r\n丙"


def test_lone_surrogate_is_removed() -> None:
    assert clean_text("x\ud800y") == "xy"
