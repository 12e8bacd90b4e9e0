"""Dates, times and periods as Chinese secretaries type them, and how they are printed back.

Owns reading ``2010年9月6日``, ``二〇一〇年九月六日``, ``下周五``, ``+14d``, moments such as
``2010年9月6日下午3点`` and reporting periods such as ``2010年第三季度``, ``上月`` or
``9月6日至10月8日``. Nothing is guessed: ``3点`` without 上午/下午 is refused, not assumed.
Every failure is a :class:`DateError` with one Chinese line and a hint. The environment
variable ``DANGQUN_TODAY`` (YYYY-MM-DD) stands in for the real date everywhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from dateutil.relativedelta import relativedelta

from dangqun_cli.enums import DayPart
from dangqun_cli.errors import DateError

MIN_YEAR, MAX_YEAR = 1900, 2100

DATE_HINT = (
    "可用格式：2010-09-06、2010/9/6、2010年9月6日、二〇一〇年九月六日、9月6日、"
    "今天、下周五、+14d、月底"
)
WHEN_HINT = (
    "可用格式：日期后接时间，例如 2010年9月6日 15:00、2010-09-06下午3点、"
    "明天上午10点半、2010年9月6日下午"
)
PERIOD_HINT = (
    "可用格式：2010Q3、2010年第三季度、2010-09、2010年9月、2010、2010H2、2010年下半年、"
    "本季度、上月、今年、本周、单个日期、2010-09-06..2010-10-08、9月6日至10月8日"
)
_YEAR_HINT = "年份请写四位数字，例如 2010"
_RANGE_HINT = f"年份应在{MIN_YEAR}–{MAX_YEAR}之间"


def today() -> date:
    """The reference date: ``DANGQUN_TODAY`` when set, so demos and tests are repeatable."""
    raw = " ".join(os.environ.get("DANGQUN_TODAY", "").split())  # one line in the message
    if not raw:
        return date.today()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw, re.ASCII)
    if m and MIN_YEAR <= int(m[1]) < MAX_YEAR:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise DateError(
        f"环境变量 DANGQUN_TODAY 的值“{raw}”不是 YYYY-MM-DD 格式的日期",
        "例如 DANGQUN_TODAY=2010-09-15；删除该变量则使用系统日期",
    )


def now() -> datetime:
    """The reference moment, to the second: the real clock, or the start of ``DANGQUN_TODAY``
    when it is set. Never that day with the real clock's time of day: a moment on a replayed
    day must not change from run to run. (The audit trail keeps the real clock: SPEC §7.)"""
    if os.environ.get("DANGQUN_TODAY", "").strip():
        return datetime.combine(today(), time.min)
    return datetime.now().replace(microsecond=0)


def format_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def format_moment(moment: datetime) -> str:
    """A moment the ledger recorded (an audit entry, 定稿时间), always to the second, so
    that the times in a column line up: 2026年12月3日 11:37:05."""
    return f"{format_date(moment.date())} {moment.strftime('%H:%M:%S')}"


@dataclass(frozen=True)
class When:
    """A moment as precise as the user gave it: nothing guessed."""

    # ``dt.`` spelling: the field names would shadow the types for get_type_hints().
    date: dt.date
    time: dt.time | None = None
    part: DayPart | None = None  # only when a part of day was given without an hour

    def isoformat(self) -> str:
        return self.as_datetime().isoformat() if self.time is not None else self.date.isoformat()

    def label(self) -> str:
        if self.time is not None:
            fmt = "%H:%M:%S" if self.time.second else "%H:%M"
            return f"{format_date(self.date)} {self.time.strftime(fmt)}"
        return format_date(self.date) + (self.part.label if self.part else "")

    def as_datetime(self) -> datetime:
        return datetime.combine(self.date, self.time or time.min)


@dataclass(frozen=True)
class Period:
    """A half-open span of days ``[start, end)``, like hledger's periods."""

    start: date
    end: date  # exclusive
    label: str
    key: str

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    def __contains__(self, d: date | datetime) -> bool:
        if isinstance(d, datetime):
            d = d.date()
        return isinstance(d, date) and self.start <= d < self.end

    def months(self) -> list[Period]:
        """The calendar months spanned, clipped to this period (keys name the whole month)."""
        out, cur = [], self.start.replace(day=1)
        while cur < self.end:
            m = _month(cur.year, cur.month)
            out.append(Period(max(self.start, m.start), min(self.end, m.end), m.label, m.key))
            cur = m.end
        return out

    def next(self) -> Period:
        k = self.key
        if "Q" in k:
            y, q = int(k[:-2]), int(k[-1])
            return _quarter(y + q // 4, q % 4 + 1)
        if "H" in k:
            y, h = int(k[:-2]), int(k[-1])
            return _half(y + h // 2, h % 2 + 1)
        if k.isdigit():
            return _year(int(k) + 1)
        if len(k) == 7:  # a month, possibly clipped by months(): go by its start
            n = self.start + relativedelta(months=1)
            return _month(n.year, n.month)
        return _span(self.end, self.end + (self.end - self.start))

    def previous(self) -> Period:
        """The period of the same kind just before (环比)."""
        k = self.key
        if "Q" in k:
            y, q = int(k[:-2]), int(k[-1])
            return _quarter(y - (q == 1), (q - 2) % 4 + 1)
        if "H" in k:
            y, h = int(k[:-2]), int(k[-1])
            return _half(y - (h == 1), 3 - h)
        if k.isdigit():
            return _year(int(k) - 1)
        if len(k) == 7:
            p = self.start - relativedelta(months=1)
            return _month(p.year, p.month)
        return _span(self.start - (self.end - self.start), self.start)

    def year_before(self) -> Period:
        """The same period a year earlier (同比)."""
        k = self.key
        if "Q" in k:
            return _quarter(int(k[:-2]) - 1, int(k[-1]))
        if "H" in k:
            return _half(int(k[:-2]) - 1, int(k[-1]))
        if k.isdigit():
            return _year(int(k) - 1)
        if len(k) == 7:
            return _month(self.start.year - 1, self.start.month)
        back = relativedelta(years=1)
        return _span(self.start - back, self.end - back)

    @property
    def in_title(self) -> str:
        """The period as a document's title names it: a year is 2023年度."""
        return f"{self.label}度" if self.key.isdigit() else self.label

    @property
    def kind_word(self) -> str:
        """What the previous period is called in prose: 上季度, 上半年, 上年, 上月, 上一期."""
        k = self.key
        if "Q" in k:
            return "上季度"
        if "H" in k:
            return "上半年" if k.endswith("2") else "上年下半年"
        if k.isdigit():
            return "上年"
        return "上月" if len(k) == 7 else "上一期"


# --- period builders (unchecked: callers validate what the user typed) ---


def _quarter(y: int, q: int) -> Period:
    start = date(y, 3 * q - 2, 1)
    end = start + relativedelta(months=3)
    return Period(start, end, f"{y}年第{'一二三四'[q - 1]}季度", f"{y}Q{q}")


def _half(y: int, h: int) -> Period:
    start = date(y, 6 * h - 5, 1)
    return Period(start, start + relativedelta(months=6), f"{y}年{'上下'[h - 1]}半年", f"{y}H{h}")


def _month(y: int, m: int) -> Period:
    start = date(y, m, 1)
    return Period(start, start + relativedelta(months=1), f"{y}年{m}月", f"{y}-{m:02d}")


def _year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y + 1, 1, 1), f"{y}年", str(y))


def _span(start: date, end: date) -> Period:
    """A run of days; one day gets the plain day label and key."""
    last = end - timedelta(days=1)
    if last == start:
        return Period(start, end, format_date(start), start.isoformat())
    label = f"{format_date(start)}至{format_date(last)}"
    return Period(start, end, label, f"{start.isoformat()}..{last.isoformat()}")


# --- normalising what was typed ---


@cache  # compiled on first use so that importing this module stays cheap
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)  # \d means 0-9 only; other scripts' digits are refused


_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: " "}
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "O": 0, "两": 2}
_CN_RUN = "[〇零O一二两三四五六七八九十]+"
_CN_TENS = "([一二两三四五六七八九]?)十([一二三四五六七八九]?)"


def _cn_number(m: re.Match[str]) -> str:
    run = m.group()
    if set(run) == {"O"}:  # a bare letter O is not a numeral
        return run
    if "十" not in run:  # years are written digit by digit: 二〇一〇
        return "".join(str(_CN_DIGITS[c]) for c in run)
    t = _rx(_CN_TENS).fullmatch(run)
    if not t:  # e.g. 十十: leave it for the grammar to refuse
        return run
    return str(_CN_DIGITS.get(t[1], 1) * 10 + _CN_DIGITS.get(t[2], 0))


def _read(text: str) -> tuple[str, str]:
    """What was typed, on one line for messages, and its form for the grammar: full-width
    characters and Chinese numerals folded to ASCII, spaces next to CJK characters dropped."""
    shown = " ".join(text.split())
    s = " ".join(shown.translate(_FULLWIDTH).split())
    if not s:
        raise DateError("日期不能为空", DATE_HINT)
    s = _rx(_CN_RUN).sub(_cn_number, s)
    return shown, re.sub(r" ?([^\x00-\x7f]) ?", r"\1", s)


def _num(s: str | None, default: int = 0) -> int:
    # Cap absurd digit runs so int() never hits its length limit; range checks reject them.
    return default if not s else int(s) if len(s) <= 12 else 10**12


def _check_year(y: int) -> int:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise DateError(f"日期无效：年份应为{MIN_YEAR}–{MAX_YEAR}，收到{y}", _YEAR_HINT)
    return y


def _check_month(m: int) -> int:
    if not 1 <= m <= 12:
        raise DateError(f"日期无效：月份应为1–12，收到{m}", DATE_HINT)
    return m


def _make_date(y: int, m: int, d: int) -> date:
    _check_year(y)
    _check_month(m)
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        raise DateError(f"日期无效：{y}年{m}月没有{d}日", DATE_HINT)
    return date(y, m, d)


def _within(d: date, text: str) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise DateError(f"日期超出范围：“{text}”得到{format_date(d)}", _RANGE_HINT)
    return d


# --- dates ---


_ISO_DATE = r"(\d+)([-/.])(\d+)\2(\d+)"
_CN_DATE = r"(?:(\d+)年)?(\d+)月(\d+)[日号]"
_DAY_ONLY = r"(\d+)[日号]"
_REL_DAY = "大前天|大后天|前天|昨天|昨日|今天|今日|明天|明日|后天"
_REL_DAYS = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0}
_REL_DAYS |= {"明天": 1, "明日": 1, "后天": 2, "大后天": 3}
_WEEKDAY = r"(?:(本|这|上|下)个?)?(?:周|星期|礼拜)([1-6日天])"
_OFFSET = r"([+-])(\d+)([dwmyDWMY])"
_CN_OFFSET = r"(\d+)(天|日|周|个?星期|个?礼拜|个月|年)[以之]?([后前])"
_CN_UNITS = {"天": "d", "日": "d", "月": "m", "年": "y"}
_MONTH_EDGE = r"(?:(\d+)年)?(\d+)月([初底末])"
_REL_MONTH_EDGE = r"(?:(本|这|上|下)个?)?月([初底末])"
_YEAR_EDGE = r"(\d+|今|本|去|上|明)?年([初底末])"
_SHIFT = {None: 0, "本": 0, "这": 0, "今": 0, "上": -1, "去": -1, "下": 1, "明": 1}


def _shift(ref: date, n: int, unit: str, text: str) -> date:
    try:
        if unit in "dw":
            return ref + timedelta(days=n * (7 if unit == "w" else 1))
        return ref + relativedelta(**{"months" if unit == "m" else "years": n})
    except (OverflowError, ValueError):
        raise DateError(f"日期超出范围：“{text}”", _RANGE_HINT) from None


def _edge(y: int, m: int | None, edge: str) -> date:
    if m is None:
        return date(y, 1, 1) if edge == "初" else date(y, 12, 31)
    return date(y, m, 1 if edge == "初" else calendar.monthrange(y, m)[1])


def _date_prefix(s: str, ref: date, base: date | None = None) -> tuple[date, str] | None:
    """A date at the start of ``s`` and what follows it, or None when no date form starts ``s``.

    ``base`` is the start of a range, whose year (and month) a year-less end inherits.
    """
    year = (base or ref).year
    if m := _rx(_ISO_DATE).match(s):
        d = _make_date(_num(m[1]), _num(m[3]), _num(m[4]))
    elif m := _rx(_CN_DATE).match(s):
        d = _make_date(_num(m[1], year), _num(m[2]), _num(m[3]))
    elif m := _rx(_CN_OFFSET).match(s):
        n = _num(m[1]) * (1 if m[3] == "后" else -1)
        d = _shift(ref, n, _CN_UNITS.get(m[2][-1], "w"), s)
    elif base and (m := _rx(_DAY_ONLY).match(s)):
        d = _make_date(base.year, base.month, _num(m[1]))
    elif m := _rx(_REL_DAY).match(s):
        d = ref + timedelta(days=_REL_DAYS[m[0]])
    elif m := _rx(_WEEKDAY).match(s):
        wd = 7 if m[2] in "日天" else int(m[2])
        d = ref + timedelta(days=7 * _SHIFT[m[1]] + wd - 1 - ref.weekday())
    elif m := _rx(_OFFSET).match(s):
        d = _shift(ref, _num(m[2]) * (1 if m[1] == "+" else -1), m[3].lower(), s)
    elif m := _rx(_MONTH_EDGE).match(s):
        y = _check_year(_num(m[1], year))
        d = _edge(y, _check_month(_num(m[2])), m[3])
    elif m := _rx(_REL_MONTH_EDGE).match(s):
        first = ref.replace(day=1) + relativedelta(months=_SHIFT[m[1]])
        d = _edge(first.year, first.month, m[2])
    elif m := _rx(_YEAR_EDGE).match(s):
        w = m[1]
        y = _check_year(_num(w)) if w and w.isdigit() else ref.year + _SHIFT[w]
        d = _edge(y, None, m[2])
    else:
        return None
    return _within(d, s), s[m.end() :]


# --- times ---

_PART_WORDS = "凌晨|上午|早上|早晨|中午|下午|晚上|傍晚|晚间|夜间"
_TIME = rf"({_PART_WORDS})?(?:(\d+)(?::(\d+)(?::(\d+))?|[点时](?:(\d+)分?|(半)|钟|整)?))?"
# The 24-hour span each part of day (凌晨 上午 中午 下午 晚上, in DayPart's order) can mean;
# an hour outside it contradicts the words.
_WINDOW = dict(zip(DayPart, [(0, 6), (0, 12), (11, 14), (12, 19), (17, 23)], strict=True))


def _time_match(rest: str) -> re.Match[str] | None:
    m = _rx(_TIME).fullmatch(re.sub(r"^T(?=\d)", "", rest.strip()))
    return m if m and (m[1] or m[2]) else None


def _read_time(m: re.Match[str]) -> tuple[time | None, DayPart | None]:
    part = DayPart.parse(m[1], what="时段") if m[1] else None
    if m[2] is None:
        return None, part
    spoken = m[0][len(m[1] or "") :]
    hour, minute, second = _num(m[2]), _num(m[3] or m[5], 30 if m[6] else 0), _num(m[4])
    if hour > 23 or minute > 59 or second > 59:
        raise DateError(f"时间无效：“{m[0]}”，小时应为0–23，分钟应为0–59", WHEN_HINT)
    if part is None:
        if m[3] is None and 1 <= hour <= 11:
            # The example only shows the spelling; the likelier reading is not assumed.
            word, h24 = ("下午", hour + 12) if hour <= 6 else ("上午", hour)
            raise DateError(
                f"“{spoken}”不明确：是上午还是下午？",
                f"请写成 {word}{spoken} 或 {h24:02d}:{minute:02d}",
            )
        return time(hour, minute, second), None
    pm = part in (DayPart.afternoon, DayPart.evening) and 1 <= hour <= 11
    h24 = hour + 12 if pm or (part is DayPart.noon and 1 <= hour <= 2) else hour
    lo, hi = _WINDOW[part]
    if not lo <= h24 <= hi:
        raise DateError(
            f"“{m[0]}”前后矛盾：{part.label}不会是{hour}点",
            "请写成 24 小时制（如 15:00），或 上午/中午/下午/晚上 加相应钟点",
        )
    return time(h24, minute, second), None


# --- public parsers ---


def _date_only(s: str, text: str, ref: date, hint: str, base: date | None = None) -> date | None:
    """The whole of ``s`` as one date; None when no date form starts it."""
    found = _date_prefix(s, ref, base)
    if found is None:
        return None
    d, rest = found
    if rest.strip():
        if _time_match(rest):
            raise DateError(f"“{text}”含有时间，这里只要日期", "只写日期，例如 2010年9月6日")
        raise DateError(f"无法识别的日期“{text}”：{format_date(d)}之后的“{rest}”看不懂", hint)
    return d


def _plain_iso(text: str) -> date | None:
    """A date written exactly as 2010-09-06 (what export writes and most ledgers hold), read
    without the grammar; None for anything else, which the grammar reads or refuses."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii():
        return None
    try:
        d = date.fromisoformat(text)
    except ValueError:
        return None
    return d if MIN_YEAR <= d.year <= MAX_YEAR else None


def parse_date(text: str, *, today: date | None = None) -> date:
    if (d := _plain_iso(text)) is not None:
        return d
    text, s = _read(text)
    d = _date_only(s, text, _ref(today), DATE_HINT)
    if d is None:
        raise DateError(f"无法识别的日期“{text}”", DATE_HINT)
    return d


DEADLINE_HINT = "例如 2010-10-31、2010年10月底、12月31日前、年底前、第四季度、+30d"
_BEFORE = re.compile(r"(?:以前|之前|前)$")


def parse_deadline(text: str, *, today: date | None = None) -> date:
    """A deadline as people and ledgers write it: a date, perhaps followed by 前 (12月31日前,
    年底前), or a period, meaning its last day (第四季度, 2023年12月)."""
    if (d := _plain_iso(text)) is not None:
        return d
    text, s = _read(text)
    s = _BEFORE.sub("", s).strip() or s
    ref = _ref(today)
    found = _date_only(s, text, ref, DEADLINE_HINT)  # a date form that is wrong says why
    if found is not None:
        return found
    try:
        return parse_period(s, today=ref).last
    except DateError:
        raise DateError(f"无法识别的整改时限“{text}”", DEADLINE_HINT) from None


def parse_when(text: str, *, today: date | None = None) -> When:
    text, s = _read(text)
    found = _date_prefix(s, _ref(today))
    if found is None:
        if _time_match(s):
            raise DateError(f"“{text}”只有时间，缺少日期", "例如 今天下午3点、2010年9月6日 15:00")
        raise DateError(f"无法识别的时间“{text}”", WHEN_HINT)
    d, rest = found
    if not rest.strip():
        return When(d)
    m = _time_match(rest)
    if m is None:
        raise DateError(f"无法识别的时间“{text}”：{format_date(d)}之后的“{rest}”看不懂", WHEN_HINT)
    return When(d, *_read_time(m))


_QUARTER = r"(\d+)-?[Qq](\d)|(?:(\d+)年)?第?(\d+)季度"
_HALF = r"(\d+)[Hh]([12])|(?:(\d+)年)?([上下])半年"
_MONTH = r"(\d+)[-/.](\d+)|(?:(\d+)年)?(\d+)月份?"
_YEAR = r"(\d+)(?:年度?)?"
_REL_QUARTER = r"(本|这|上|下)个?季度?"
_REL_MONTH = r"(本|这|上|下)个?月份?"
_REL_YEAR = r"(今|本|去|上|前|明|后)年度?"
_REL_WEEK = r"(本|这|上|下)个?(?:周|星期|礼拜)"
_RANGE_SEP = r"\.\.|[至到~—–]"
# What completion offers for a period (any other form is typed): each one parses.
PERIOD_WORDS = ("本季度", "上季度", "本月", "上月", "今年", "去年", "本周", "上周")


def _single_period(s: str, text: str, ref: date, base: date | None = None) -> Period:
    year = (base or ref).year
    if m := _rx(_QUARTER).fullmatch(s):
        q = _num(m[2] or m[4])
        if not 1 <= q <= 4:
            raise DateError(f"季度无效：季度应为1–4，收到{q}", PERIOD_HINT)
        return _quarter(_check_year(_num(m[1] or m[3], year)), q)
    if m := _rx(_HALF).fullmatch(s):
        h = int(m[2]) if m[2] else "上下".index(m[4]) + 1
        return _half(_check_year(_num(m[1] or m[3], year)), h)
    if m := _rx(_MONTH).fullmatch(s):
        y = _check_year(_num(m[1] or m[3], year))
        return _month(y, _check_month(_num(m[2] or m[4])))
    if m := _rx(_YEAR).fullmatch(s):
        return _year(_check_year(_num(m[1])))
    if m := _rx(_REL_QUARTER).fullmatch(s):
        i = ref.year * 4 + (ref.month - 1) // 3 + _SHIFT[m[1]]
        return _quarter(i // 4, i % 4 + 1)
    if m := _rx(_REL_MONTH).fullmatch(s):
        i = ref.year * 12 + ref.month - 1 + _SHIFT[m[1]]
        return _month(i // 12, i % 12 + 1)
    if m := _rx(_REL_YEAR).fullmatch(s):
        return _year(ref.year + (_SHIFT | {"前": -2, "后": 2})[m[1]])
    if m := _rx(_REL_WEEK).fullmatch(s):
        monday = ref + timedelta(days=7 * _SHIFT[m[1]] - ref.weekday())
        return _span(monday, monday + timedelta(days=7))
    d = _date_only(s, text, ref, PERIOD_HINT, base)
    if d is None:
        raise DateError(f"无法识别的时间段“{text}”", PERIOD_HINT)
    return _span(d, d + timedelta(days=1))


def parse_period(text: str, *, today: date | None = None) -> Period:
    (text, s), ref = _read(text), _ref(today)
    parts = [p.strip() for p in _rx(_RANGE_SEP).split(s, maxsplit=1)]
    if len(parts) == 1:
        p = _single_period(s, text, ref)
    else:
        if not all(parts):
            raise DateError(f"无法识别的时间段“{text}”：起止两端都要写", PERIOD_HINT)
        first = _single_period(parts[0], text, ref)
        # A year-less end ("9月6日至10月8日") belongs to the start's year, not to today's.
        second = _single_period(parts[1], text, ref, base=first.start)
        if second.end <= first.start:
            raise DateError(
                f"时间段无效：结束（{format_date(second.last)}）早于开始（{format_date(first.start)}）",
                PERIOD_HINT,
            )
        p = first if first == second else _span(first.start, second.end)
    _within(p.start, text)
    _within(p.last, text)
    return p


def _ref(given: date | None) -> date:
    return given if given is not None else today()
