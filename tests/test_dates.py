"""Tests for dangqun_cli.dates: every accepted form, every refusal, and round trips."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangqun_cli import dates
from dangqun_cli.dates import (
    Period,
    When,
    format_date,
    parse_date,
    parse_period,
    parse_when,
)
from dangqun_cli.enums import DayPart
from dangqun_cli.errors import DateError

pytestmark = pytest.mark.no_database  # nothing here opens the test database

TODAY = date(2010, 9, 15)  # a Wednesday
D = date


# --- dates -------------------------------------------------------------------

DATE_CASES = [
    ("2010-09-06", D(2010, 9, 6)),
    ("2010-9-6", D(2010, 9, 6)),
    ("2010/9/6", D(2010, 9, 6)),
    ("2010.9.6", D(2010, 9, 6)),
    ("2010年9月6日", D(2010, 9, 6)),
    ("2010年9月6号", D(2010, 9, 6)),
    ("2010 年 9 月 6 日", D(2010, 9, 6)),
    ("  2010-09-06\n", D(2010, 9, 6)),
    ("２０１０－０９－０６", D(2010, 9, 6)),
    ("２０１０／９／６", D(2010, 9, 6)),
    ("２０１０年９月６日", D(2010, 9, 6)),
    ("二〇一〇年九月六日", D(2010, 9, 6)),
    ("二零一零年九月六日", D(2010, 9, 6)),
    ("二O一O年九月六日", D(2010, 9, 6)),
    ("二〇一〇年十月二十六日", D(2010, 10, 26)),
    ("二〇一〇年十二月三十一日", D(2010, 12, 31)),
    ("二〇一〇年十一月十日", D(2010, 11, 10)),
    ("一九九九年二月二十八日", D(1999, 2, 28)),
    ("9月6日", D(2010, 9, 6)),
    ("九月六日", D(2010, 9, 6)),
    ("12月31号", D(2010, 12, 31)),
    ("今天", D(2010, 9, 15)),
    ("今日", D(2010, 9, 15)),
    ("昨天", D(2010, 9, 14)),
    ("前天", D(2010, 9, 13)),
    ("明天", D(2010, 9, 16)),
    ("后天", D(2010, 9, 17)),
    ("大后天", D(2010, 9, 18)),
    ("周五", D(2010, 9, 17)),
    ("星期五", D(2010, 9, 17)),
    ("礼拜五", D(2010, 9, 17)),
    ("本周五", D(2010, 9, 17)),
    ("这周五", D(2010, 9, 17)),
    ("周一", D(2010, 9, 13)),
    ("周日", D(2010, 9, 19)),
    ("星期天", D(2010, 9, 19)),
    ("下周五", D(2010, 9, 24)),
    ("下星期五", D(2010, 9, 24)),
    ("下个星期一", D(2010, 9, 20)),
    ("上周五", D(2010, 9, 10)),
    ("上周日", D(2010, 9, 12)),
    ("+14d", D(2010, 9, 29)),
    ("+14D", D(2010, 9, 29)),
    ("-3d", D(2010, 9, 12)),
    ("+2w", D(2010, 9, 29)),
    ("+1m", D(2010, 10, 15)),
    ("+1y", D(2011, 9, 15)),
    ("14天后", D(2010, 9, 29)),
    ("3天前", D(2010, 9, 12)),
    ("三天以后", D(2010, 9, 18)),
    ("两周后", D(2010, 9, 29)),
    ("2个星期前", D(2010, 9, 1)),
    ("1个月后", D(2010, 10, 15)),
    ("一个月前", D(2010, 8, 15)),
    ("1年后", D(2011, 9, 15)),
    ("月底", D(2010, 9, 30)),
    ("月末", D(2010, 9, 30)),
    ("月初", D(2010, 9, 1)),
    ("下月底", D(2010, 10, 31)),
    ("下个月初", D(2010, 10, 1)),
    ("上月底", D(2010, 8, 31)),
    ("年底", D(2010, 12, 31)),
    ("年初", D(2010, 1, 1)),
    ("明年初", D(2011, 1, 1)),
    ("去年底", D(2009, 12, 31)),
    ("2011年底", D(2011, 12, 31)),
    ("2月底", D(2010, 2, 28)),
    ("2012年2月底", D(2012, 2, 29)),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_parse_date_forms(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_parse_when_accepts_every_date_form(text, expected):
    assert parse_when(text, today=TODAY) == When(expected)


def test_month_end_offset_is_clamped_by_relativedelta():
    assert parse_date("+1m", today=D(2010, 1, 31)) == D(2010, 2, 28)


def test_weekday_on_sunday_is_still_the_monday_based_week():
    sunday = D(2010, 9, 19)
    assert parse_date("周一", today=sunday) == D(2010, 9, 13)
    assert parse_date("下周一", today=sunday) == D(2010, 9, 20)


def test_format_date():
    assert format_date(D(2010, 9, 6)) == "2010年9月6日"
    assert format_date(D(1900, 12, 31)) == "1900年12月31日"


# --- moments -----------------------------------------------------------------

WHEN_CASES = [
    ("2010年9月6日 15:00", time(15, 0)),
    ("2010年9月6日15:30", time(15, 30)),
    ("2010年9月6日15点", time(15, 0)),
    ("2010年9月6日 15点30分", time(15, 30)),
    ("2010年9月6日15时30分", time(15, 30)),
    ("2010年9月6日15点半", time(15, 30)),
    ("2010年9月6日下午3点半", time(15, 30)),
    ("2010年9月6日 下午3点", time(15, 0)),
    ("2010年9月6日下午3:30", time(15, 30)),
    ("2010年9月6日下午三点", time(15, 0)),
    ("2010年9月6日下午15点", time(15, 0)),
    ("2010年9月6日晚上8点", time(20, 0)),
    ("2010年9月6日傍晚6点", time(18, 0)),
    ("2010年9月6日中午12点", time(12, 0)),
    ("2010年9月6日中午1点", time(13, 0)),
    ("2010年9月6日上午10点", time(10, 0)),
    ("2010年9月6日早上8点", time(8, 0)),
    ("2010年9月6日早晨7点半", time(7, 30)),
    ("2010年9月6日凌晨2点", time(2, 0)),
    ("2010年9月6日0点", time(0, 0)),
    ("2010年9月6日零点", time(0, 0)),
    ("2010年9月6日12点", time(12, 0)),
    ("2010年9月6日 9:05", time(9, 5)),
    ("2010年9月6日十五点三十分", time(15, 30)),
    ("2010年9月6日下午三点零五分", time(15, 5)),
    ("2010-09-06T15:00", time(15, 0)),
    ("2010-09-06 15:00:00", time(15, 0)),
    ("2010-09-06T15:00:30", time(15, 0, 30)),
    ("2010-09-06 下午3点", time(15, 0)),
    ("2010/9/6 15：00", time(15, 0)),
]


@pytest.mark.parametrize(("text", "expected"), WHEN_CASES)
def test_parse_when_times(text, expected):
    assert parse_when(text, today=TODAY) == When(D(2010, 9, 6), expected)


def test_required_examples():
    assert parse_when("2010年9月6日下午3点").isoformat() == "2010-09-06T15:00:00"
    assert parse_when("2010年9月6日下午") == When(date(2010, 9, 6), None, DayPart.afternoon)


@pytest.mark.parametrize(
    ("word", "part"),
    [
        ("凌晨", DayPart.early),
        ("上午", DayPart.morning),
        ("早上", DayPart.morning),
        ("早晨", DayPart.morning),
        ("中午", DayPart.noon),
        ("下午", DayPart.afternoon),
        ("晚上", DayPart.evening),
        ("傍晚", DayPart.evening),
    ],
)
def test_part_of_day_without_hour(word, part):
    assert parse_when(f"2010年9月6日{word}", today=TODAY) == When(D(2010, 9, 6), None, part)


def test_relative_date_with_time():
    assert parse_when("明天下午3点", today=TODAY) == When(D(2010, 9, 16), time(15, 0))
    assert parse_when("下周五 上午十点", today=TODAY) == When(D(2010, 9, 24), time(10, 0))


def test_when_methods():
    w = When(D(2010, 9, 6), time(15, 0))
    assert w.isoformat() == "2010-09-06T15:00:00"
    assert w.label() == "2010年9月6日 15:00"
    assert w.as_datetime() == datetime(2010, 9, 6, 15, 0)
    p = When(D(2010, 9, 6), None, DayPart.afternoon)
    assert p.isoformat() == "2010-09-06"
    assert p.label() == "2010年9月6日下午"
    assert p.as_datetime() == datetime(2010, 9, 6)
    plain = When(D(2010, 9, 6))
    assert (plain.isoformat(), plain.label()) == ("2010-09-06", "2010年9月6日")
    assert When(D(2010, 9, 6), time(8, 5, 30)).label() == "2010年9月6日 08:05:30"


# --- periods -----------------------------------------------------------------

Q3 = Period(D(2010, 7, 1), D(2010, 10, 1), "2010年第三季度", "2010Q3")
SEP = Period(D(2010, 9, 1), D(2010, 10, 1), "2010年9月", "2010-09")
Y2010 = Period(D(2010, 1, 1), D(2011, 1, 1), "2010年", "2010")
H1 = Period(D(2010, 1, 1), D(2010, 7, 1), "2010年上半年", "2010H1")
H2 = Period(D(2010, 7, 1), D(2011, 1, 1), "2010年下半年", "2010H2")
WEEK = Period(
    D(2010, 9, 13), D(2010, 9, 20), "2010年9月13日至2010年9月19日", "2010-09-13..2010-09-19"
)
DAY = Period(D(2010, 9, 6), D(2010, 9, 7), "2010年9月6日", "2010-09-06")
RANGE = Period(
    D(2010, 9, 6), D(2010, 10, 9), "2010年9月6日至2010年10月8日", "2010-09-06..2010-10-08"
)

PERIOD_CASES = [
    ("2010Q3", Q3),
    ("2010q3", Q3),
    ("2010-Q3", Q3),
    ("2010年第三季度", Q3),
    ("2010年第3季度", Q3),
    ("2010年三季度", Q3),
    ("2010年3季度", Q3),
    ("第三季度", Q3),
    ("2010-09", SEP),
    ("2010/9", SEP),
    ("2010年9月", SEP),
    ("2010年9月份", SEP),
    ("二〇一〇年九月", SEP),
    ("9月", SEP),
    ("2010", Y2010),
    ("2010年", Y2010),
    ("二〇一〇年", Y2010),
    ("2010H2", H2),
    ("2010h1", H1),
    ("2010年上半年", H1),
    ("2010年下半年", H2),
    ("本季度", Q3),
    ("这季度", Q3),
    ("本季", Q3),
    ("上季度", Period(D(2010, 4, 1), D(2010, 7, 1), "2010年第二季度", "2010Q2")),
    ("下季度", Period(D(2010, 10, 1), D(2011, 1, 1), "2010年第四季度", "2010Q4")),
    ("本月", SEP),
    ("这个月", SEP),
    ("上月", Period(D(2010, 8, 1), D(2010, 9, 1), "2010年8月", "2010-08")),
    ("上个月", Period(D(2010, 8, 1), D(2010, 9, 1), "2010年8月", "2010-08")),
    ("下月", Period(D(2010, 10, 1), D(2010, 11, 1), "2010年10月", "2010-10")),
    ("下个月", Period(D(2010, 10, 1), D(2010, 11, 1), "2010年10月", "2010-10")),
    ("今年", Y2010),
    ("本年", Y2010),
    ("去年", Period(D(2009, 1, 1), D(2010, 1, 1), "2009年", "2009")),
    ("上年", Period(D(2009, 1, 1), D(2010, 1, 1), "2009年", "2009")),
    ("明年", Period(D(2011, 1, 1), D(2012, 1, 1), "2011年", "2011")),
    ("前年", Period(D(2008, 1, 1), D(2009, 1, 1), "2008年", "2008")),
    ("后年", Period(D(2012, 1, 1), D(2013, 1, 1), "2012年", "2012")),
    ("本周", WEEK),
    (
        "上周",
        Period(
            D(2010, 9, 6), D(2010, 9, 13), "2010年9月6日至2010年9月12日", "2010-09-06..2010-09-12"
        ),
    ),
    (
        "下周",
        Period(
            D(2010, 9, 20), D(2010, 9, 27), "2010年9月20日至2010年9月26日", "2010-09-20..2010-09-26"
        ),
    ),
    ("2010-09-06", DAY),
    ("2010年9月6日", DAY),
    ("二〇一〇年九月六日", DAY),
    ("今天", Period(D(2010, 9, 15), D(2010, 9, 16), "2010年9月15日", "2010-09-15")),
    ("2010-09-06..2010-10-08", RANGE),
    ("2010-09-06 .. 2010-10-08", RANGE),
    ("2010年9月6日至2010年10月8日", RANGE),
    ("2010年9月6日到10月8日", RANGE),
    ("9月6日至10月8日", RANGE),
    ("9月6日~10月8日", RANGE),
    ("9月6日～10月8日", RANGE),
    ("2010/9/6—2010/10/8", RANGE),
    (
        "2010年9月6日至8日",
        Period(
            D(2010, 9, 6), D(2010, 9, 9), "2010年9月6日至2010年9月8日", "2010-09-06..2010-09-08"
        ),
    ),
    (
        "2010Q3..2010-11",
        Period(
            D(2010, 7, 1), D(2010, 12, 1), "2010年7月1日至2010年11月30日", "2010-07-01..2010-11-30"
        ),
    ),
    ("2010Q3至2010Q3", Q3),
    ("2010-09-06..2010-09-06", DAY),
    ("本周", WEEK),
]


@pytest.mark.parametrize(("text", "expected"), PERIOD_CASES)
def test_parse_period_forms(text, expected):
    assert parse_period(text, today=TODAY) == expected


def test_range_end_without_year_takes_the_start_year_not_todays():
    p = parse_period("2008年12月1日至12月31日", today=TODAY)
    assert (p.start, p.last) == (D(2008, 12, 1), D(2008, 12, 31))


def test_period_methods():
    assert Q3.last == D(2010, 9, 30)
    assert D(2010, 7, 1) in Q3 and D(2010, 9, 30) in Q3
    assert D(2010, 10, 1) not in Q3 and D(2010, 6, 30) not in Q3
    assert datetime(2010, 9, 30, 23, 59) in Q3
    assert datetime(2010, 10, 1, 0, 0) not in Q3
    assert [m.key for m in Q3.months()] == ["2010-07", "2010-08", "2010-09"]
    assert Q3.months()[0] == Period(D(2010, 7, 1), D(2010, 8, 1), "2010年7月", "2010-07")
    clipped = RANGE.months()
    assert [(m.start, m.end, m.key) for m in clipped] == [
        (D(2010, 9, 6), D(2010, 10, 1), "2010-09"),
        (D(2010, 10, 1), D(2010, 10, 9), "2010-10"),
    ]
    assert clipped[1].label == "2010年10月"
    assert DAY.months() == [Period(D(2010, 9, 6), D(2010, 9, 7), "2010年9月", "2010-09")]


@pytest.mark.parametrize(
    ("period", "expected_key"),
    [
        (Q3, "2010Q4"),
        (parse_period("2010Q4"), "2011Q1"),
        (SEP, "2010-10"),
        (parse_period("2010-12"), "2011-01"),
        (Y2010, "2011"),
        (H1, "2010H2"),
        (H2, "2011H1"),
        (DAY, "2010-09-07"),
        (WEEK, "2010-09-20..2010-09-26"),
        (RANGE, "2010-10-09..2010-11-10"),
    ],
)
def test_period_next(period, expected_key):
    nxt = period.next()
    assert nxt.key == expected_key
    assert nxt.start == period.end
    assert parse_period(expected_key) == nxt


def test_next_of_a_clipped_month_is_the_following_month():
    first, last = RANGE.months()
    assert first.next() == parse_period("2010-10")
    assert last.next() == parse_period("2010-11")


# --- refusals ----------------------------------------------------------------

ERROR_CASES = [
    (parse_date, "", "日期不能为空"),
    (parse_date, "   ", "日期不能为空"),
    (parse_when, "", "日期不能为空"),
    (parse_period, "", "日期不能为空"),
    (parse_date, "2010年2月30日", "日期无效：2010年2月没有30日"),
    (parse_date, "2011-02-29", "日期无效：2011年2月没有29日"),
    (parse_date, "2010-13-01", "日期无效：月份应为1–12，收到13"),
    (parse_date, "2010年0月1日", "月份应为1–12，收到0"),
    (parse_date, "2010-09-00", "2010年9月没有0日"),
    (parse_date, "201-09-06", "年份应为1900–2100，收到201"),
    (parse_date, "20100-09-06", "年份应为1900–2100，收到20100"),
    (parse_date, "1899年12月31日", "收到1899"),
    (parse_date, "+99999999999999d", "日期超出范围"),
    (parse_date, "+5000y", "日期超出范围"),
    (parse_date, "9-6", "无法识别的日期“9-6”"),
    (parse_date, "周七", "无法识别的日期"),
    (parse_date, "hello", "无法识别的日期“hello”"),
    (parse_date, "2010年9月6日下午3点", "这里只要日期"),
    (parse_date, "2010-09-06 15:00", "这里只要日期"),
    (parse_date, "今天abc", "看不懂"),
    (parse_when, "2010年9月6日3点", "“3点”不明确：是上午还是下午？"),
    (parse_when, "2010年9月6日3点半", "不明确"),
    (parse_when, "2010年9月6日十一点", "不明确"),
    (parse_when, "2010年9月6日上午15点", "前后矛盾"),
    (parse_when, "2010年9月6日下午0点", "前后矛盾"),
    (parse_when, "2010年9月6日晚上12点", "前后矛盾"),
    (parse_when, "2010年9月6日凌晨9点", "前后矛盾"),
    (parse_when, "2010年9月6日中午5点", "前后矛盾"),
    (parse_when, "2010年9月6日24:00", "时间无效"),
    (parse_when, "2010年9月6日15:60", "时间无效"),
    (parse_when, "2010年9月6日25点", "时间无效"),
    (parse_when, "2010年9月6日下午3点70分", "时间无效"),
    (parse_when, "下午3点", "缺少日期"),
    (parse_when, "2010年9月6日吃饭", "看不懂"),
    (parse_when, "2010-09-06T", "看不懂"),
    (parse_period, "2010Q5", "季度应为1–4，收到5"),
    (parse_period, "2010年第5季度", "季度应为1–4，收到5"),
    (parse_period, "2010-13", "月份应为1–12，收到13"),
    (parse_period, "201", "年份应为1900–2100，收到201"),
    (parse_period, "2010-10-01..2010-09-01", "结束（2010年9月1日）早于开始（2010年10月1日）"),
    (parse_period, "2010Q4至2010Q3", "早于开始"),
    (parse_period, "2010-09-06..", "起止两端都要写"),
    (parse_period, "2010年9月6日下午", "这里只要日期"),
    (parse_period, "季度", "无法识别的时间段"),
]


@pytest.mark.parametrize(("fn", "text", "message"), ERROR_CASES)
def test_refusals(fn, text, message):
    with pytest.raises(DateError) as info:
        fn(text, today=TODAY)
    assert message in info.value.message
    assert info.value.hint
    assert "\n" not in info.value.message


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("3点", "请写成 下午3点 或 15:00"),
        ("3点半", "请写成 下午3点半 或 15:30"),
        ("9点", "请写成 上午9点 或 09:00"),
    ],
)
def test_ambiguous_hour_hint_says_how_to_write_it(text, hint):
    with pytest.raises(DateError) as info:
        parse_when(f"2010年9月6日{text}", today=TODAY)
    assert info.value.message == f"“{text}”不明确：是上午还是下午？"
    assert info.value.hint == hint


def test_date_hint_lists_forms():
    with pytest.raises(DateError) as info:
        parse_date("不知道", today=TODAY)
    assert "2010年9月6日" in info.value.hint and "下周五" in info.value.hint


def test_relative_result_outside_supported_years_is_refused():
    with pytest.raises(DateError, match="超出范围"):
        parse_date("明天", today=D(2100, 12, 31))
    with pytest.raises(DateError, match="超出范围"):
        parse_period("明年", today=D(2100, 6, 1))


# --- DANGQUN_TODAY -----------------------------------------------------------


def test_dangqun_today_drives_relative_words(monkeypatch):
    monkeypatch.setenv("DANGQUN_TODAY", "2012-02-28")
    assert dates.today() == D(2012, 2, 28)
    assert parse_date("明天") == D(2012, 2, 29)
    assert parse_date("9月6日") == D(2012, 9, 6)
    assert parse_when("今天下午") == When(D(2012, 2, 28), None, DayPart.afternoon)
    assert parse_period("本季度").key == "2012Q1"
    # An explicit today still wins over the environment.
    assert parse_date("明天", today=TODAY) == D(2010, 9, 16)


def test_without_dangqun_today_the_real_date_is_used(monkeypatch):
    monkeypatch.delenv("DANGQUN_TODAY", raising=False)
    before = date.today()
    assert dates.today() in (before, before + timedelta(days=1))


@pytest.mark.parametrize("bad", ["2010/09/15", "2010-02-30", "tomorrow", "20100915", "2010-9-15"])
def test_malformed_dangqun_today(monkeypatch, bad):
    monkeypatch.setenv("DANGQUN_TODAY", bad)
    with pytest.raises(DateError) as info:
        dates.today()
    assert info.value.message == f"环境变量 DANGQUN_TODAY 的值“{bad}”不是 YYYY-MM-DD 格式的日期"
    assert info.value.hint
    with pytest.raises(DateError):
        parse_date("今天")


# --- round trips -------------------------------------------------------------

CN = "〇一二三四五六七八九"
any_date = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))


def cn_small(n: int) -> str:
    """1..31 the way documents write it: 九, 十, 十六, 二十, 三十一."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return CN[units]
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[units] if units else "")


def cn_date(d: date) -> str:
    year = "".join(CN[int(c)] for c in str(d.year))
    return f"{year}年{cn_small(d.month)}月{cn_small(d.day)}日"


def test_cn_date_helper():
    assert cn_date(D(2010, 9, 6)) == "二〇一〇年九月六日"
    assert cn_date(D(2010, 10, 26)) == "二〇一〇年十月二十六日"
    assert cn_date(D(2010, 12, 31)) == "二〇一〇年十二月三十一日"


@given(any_date)
def test_date_round_trips(d):
    for text in (
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}-{d.month}-{d.day}",
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}年{d.month}月{d.day}日",
        format_date(d),
        cn_date(d),
    ):
        assert parse_date(text, today=TODAY) == d, text


def spoken_time(t: time) -> str:
    """下午3点5分 style, with the part of day an hour really belongs to."""
    h = t.hour
    if h <= 5:
        part, hh = "凌晨", h
    elif h <= 11:
        part, hh = "上午", h
    elif h == 12:
        part, hh = "中午", h
    elif h <= 18:
        part, hh = "下午", h - 12
    else:
        part, hh = "晚上", h - 12
    return f"{part}{hh}点{t.minute}分"


any_minute = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31, 23, 59))


@given(any_minute, st.sampled_from(["", " "]))
def test_datetime_round_trips(moment, sep):
    moment = moment.replace(second=0, microsecond=0)
    expected = When(moment.date(), moment.time())
    d = moment.date()
    for text in (
        f"{d.year}年{d.month}月{d.day}日{sep}{spoken_time(moment.time())}",
        f"{d.year}年{d.month}月{d.day}日{sep}{moment:%H:%M}",
        f"{cn_date(d)}{sep}{spoken_time(moment.time())}",
        moment.isoformat(),
        f"{d.isoformat()} {moment:%H:%M}",
    ):
        assert parse_when(text, today=TODAY) == expected, text
    assert parse_when(text, today=TODAY).isoformat() == moment.isoformat()


@given(
    any_date,
    st.one_of(st.none(), st.times().map(lambda t: t.replace(microsecond=0))),
    st.sampled_from(list(DayPart)),
)
def test_when_label_round_trips(d, t, part):
    w = When(d, t) if t else When(d, None, part)
    assert parse_when(w.label(), today=TODAY) == w


years = st.integers(1900, 2100)


@st.composite
def periods(draw) -> Period:
    kind = draw(st.sampled_from(["quarter", "month", "year", "half", "day", "range"]))
    y = draw(years)
    if kind == "quarter":
        return parse_period(f"{y}Q{draw(st.integers(1, 4))}")
    if kind == "month":
        return parse_period(f"{y}年{draw(st.integers(1, 12))}月")
    if kind == "year":
        return parse_period(str(y))
    if kind == "half":
        return parse_period(f"{y}H{draw(st.integers(1, 2))}")
    start = draw(any_date)
    if kind == "day":
        return parse_period(format_date(start))
    last = draw(st.dates(min_value=start + timedelta(days=1), max_value=D(2101, 1, 1)))
    last = min(last, D(2100, 12, 31))
    return parse_period(f"{start.isoformat()}..{last.isoformat()}")


@given(periods())
def test_period_round_trips(p):
    assert parse_period(p.key, today=TODAY) == p
    assert parse_period(p.label, today=TODAY) == p
    assert p.start < p.end
    assert p.start in p and p.last in p and p.end not in p
    months = p.months()
    assert months[0].start == p.start and months[-1].end == p.end
    assert all(a.end == b.start for a, b in pairwise(months))
    assert p.next().start == p.end


@given(years, st.integers(1, 4))
def test_quarter_label_and_key(y, q):
    p = parse_period(f"{y}年第{'一二三四'[q - 1]}季度", today=TODAY)
    assert p.key == f"{y}Q{q}"
    assert p.start == D(y, 3 * q - 2, 1)
    assert len(p.months()) == 3


# --- anything typed either parses or is refused politely ---------------------

GRAMMAR = (
    "0123456789年月日号点时分半:-/.+ 上下午晚凌晨中今明后前天周星期礼拜一二三四五六七八九十〇零两"
    "OQqHhdwmyT至到~个季度初底末本这去"
)


@given(st.one_of(st.text(), st.text(alphabet=GRAMMAR, max_size=16)))
def test_arbitrary_text_parses_or_raises_date_error(text):
    for fn in (parse_date, parse_when, parse_period):
        try:
            result = fn(text, today=TODAY)
        except DateError as e:
            assert e.message and "\n" not in e.message
        else:
            assert result is not None


def _grammar_date(text: str) -> date | None:
    """parse_date without its fast path: the grammar alone."""
    shown, s = dates._read(text)
    try:
        return dates._date_only(s, shown, TODAY, dates.DATE_HINT)
    except DateError:
        return None


ISO_LIKE = st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@given(ISO_LIKE | st.text(alphabet="0123456789-", max_size=11))
def test_plain_iso_fast_path_agrees_with_the_grammar(text):
    # An import reads most dates through the fast path; it must never accept a date the
    # grammar refuses, nor read one differently.
    fast = dates._plain_iso(text)
    if fast is not None:
        assert fast == _grammar_date(text)


@given(periods())
def test_previous_and_year_before_are_the_same_kind_of_period(p):
    before, last_year = p.previous(), p.year_before()
    assert before.end == p.start  # just before, no gap and no overlap
    assert before.next() == p
    assert (last_year.start.month, last_year.start.day) == (p.start.month, p.start.day) or (
        p.start.month == 2 and p.start.day == 29
    )
    assert last_year.start.year == p.start.year - 1
    if ".." not in p.key and len(p.key) != 10:  # a quarter, half, year or month
        assert last_year.key == str(p.start.year - 1) + p.key[4:]
