"""The pure part of the roster import: every bad row reported with its Excel row number."""

import datetime as dt

from office.roster import HEADERS, RosterRow, parse_rows

SECTIONS = {"综合科", "行政科"}


def parse(*rows, headers=HEADERS):
    return parse_rows([tuple(headers), *rows], section_names=SECTIONS)


def messages(errors):
    return [str(e) for e in errors]


def test_it_parses_a_good_row_with_typed_cells():
    rows, errors = parse(
        (1102.0, "张三", "综合科", "科员", dt.datetime(2015, 7, 1), "2018/3/1", 13800000000, "借调")
    )
    assert errors == []
    assert rows == [
        RosterRow(
            row=2,
            staff_no="1102",
            name="张三",
            section_name="综合科",
            position="科员",
            work_start_date=dt.date(2015, 7, 1),
            hire_date=dt.date(2018, 3, 1),
            phone="13800000000",
            status="seconded",
        )
    ]


def test_it_reads_chinese_dates_and_blank_status_as_active():
    rows, errors = parse(("A1", "李四", "行政科", "", "2001年9月1日", None, None, None))
    assert errors == []
    assert rows[0].work_start_date == dt.date(2001, 9, 1)
    assert rows[0].hire_date is None
    assert rows[0].status == "active"


def test_missing_staff_no_and_name_are_reported_with_the_row_number():
    _, errors = parse(("1", "张三", "综合科"), (None, None, "综合科"))
    assert messages(errors) == ["第3行：缺少工号。", "第3行：缺少姓名。"]


def test_unknown_section_is_reported():
    _, errors = parse(("1", "张三", "宣传科"))
    assert messages(errors) == ["第2行：科室“宣传科”不存在，请填写系统中已有的科室名称。"]


def test_duplicate_staff_no_names_the_first_row():
    _, errors = parse(("7", "张三", "综合科"), ("8", "李四", "综合科"), ("7", "王五", "行政科"))
    assert messages(errors) == ["第4行：工号 7 与第2行重复。"]


def test_bad_dates_are_reported_per_column():
    _, errors = parse(("1", "张三", "综合科", "", "2015-13-01", "去年"))
    assert messages(errors) == [
        "第2行：参加工作时间“2015-13-01”不是有效日期，应写作 2015-07-01。",
        "第2行：入职日期“去年”不是有效日期，应写作 2015-07-01。",
    ]


def test_unknown_status_is_reported():
    _, errors = parse(("1", "张三", "综合科", "", None, None, None, "退休"))
    assert messages(errors) == ["第2行：状态“退休”无效，应为：在岗、借调、离职。"]


def test_wrong_headers_refuse_the_file():
    _, errors = parse(("1", "张三", "综合科"), headers=["编号", *HEADERS[1:]])
    assert len(errors) == 1 and errors[0].row == 1
    assert "表头不正确" in str(errors[0])


def test_blank_rows_are_skipped_but_row_numbers_stay_excel_numbers():
    rows, errors = parse((None,) * 8, ("", "  "), ("9", "", "综合科"))
    assert rows == []
    assert messages(errors) == ["第4行：缺少姓名。"]


def test_a_file_with_only_headers_is_refused():
    _, errors = parse()
    assert messages(errors) == ["文件中没有人员数据。"]


def test_staff_no_with_spaces_or_symbols_is_refused():
    _, errors = parse(("11 02", "张三", "综合科"))
    assert messages(errors) == ["第2行：工号“11 02”只能由不超过20位的字母、数字组成。"]


def test_the_templates_example_row_is_skipped_without_an_error():
    rows, errors = parse(
        (" 示例 ", "张三", "不存在的科室", "科员", "昨天"), ("2001", "孙丽", "综合科")
    )
    assert errors == []
    assert [(r.row, r.staff_no) for r in rows] == [(3, "2001")]
