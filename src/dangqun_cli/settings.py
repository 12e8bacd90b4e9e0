"""The settings an office may give dangqun (设置): one table of what may be set (stdlib only).

Each known setting says, once: its key (as ``dangqun config`` and the JSON spell it), its
Chinese label, its default, what applies when it has no value, and how a value is checked.
The values live in the database (``setting`` table, services/settings.py writes them), so
everyone using a shared database sees the same; a key with no row has its default.

The summary's title is a template: ``{单位}`` and ``{期间}`` are its only placeholders,
filled by :func:`render_title`, which drops a missing 单位 with the separators that joined
it to the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dangqun_cli.errors import InvalidInput
from dangqun_cli.text import NAME_MAX, clean_text

UNIT = "{单位}"
PERIOD = "{期间}"
PLACEHOLDERS = (UNIT, PERIOD)
TEMPLATE_MAX = 60  # characters of a title template: with a unit's name, within a title's 200
DEFAULT_TITLE = "{单位}{期间}党群共建工作总结"
KEY_MAX = 40  # the ``setting.name`` column


def _clean_org(value: str) -> str:
    return clean_text(value, field="单位名称", max_len=NAME_MAX, required=True)


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_TITLE_HINT = f"只能用 {UNIT} 和 {PERIOD} 两个占位符，如 {DEFAULT_TITLE}"


def _clean_title(value: str) -> str:
    # Full-width braces are what a Chinese input method types: the same placeholders.
    text = clean_text(
        value.replace("｛", "{").replace("｝", "}"),
        field="总结标题模板",
        max_len=TEMPLATE_MAX,
        required=True,
    )
    for found in _PLACEHOLDER.findall(text):
        if found not in PLACEHOLDERS:
            raise InvalidInput(f"总结标题模板中的“{found[:20]}”不是可用的占位符", _TITLE_HINT)
    if "{" in _PLACEHOLDER.sub("", text) or "}" in _PLACEHOLDER.sub("", text):
        raise InvalidInput("总结标题模板中有不成对的花括号", _TITLE_HINT)
    for placeholder in PLACEHOLDERS:
        if text.count(placeholder) > 1:
            raise InvalidInput(f"总结标题模板中 {placeholder} 用了不止一次", _TITLE_HINT)
    if PERIOD not in text:
        raise InvalidInput(
            f"总结标题模板中没有 {PERIOD}",
            f"每期总结的标题应写明期间，如 {DEFAULT_TITLE}",
        )
    return text


RECHECK_DAYS = "recheck.days"
RECHECK_DEFAULT = 90
RECHECK_MAX = 3660  # ten years: a re-check later than that is no re-check


def _clean_days(value: str) -> str:
    text = clean_text(value, field="回头看天数", max_len=10, required=True)
    digits = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not digits.isascii() or not digits.isdigit() or not 1 <= int(digits) <= RECHECK_MAX:
        raise InvalidInput(
            f"回头看天数“{text}”不是 1 到 {RECHECK_MAX} 之间的整数",
            f"写销号后多少天回头看，如 {RECHECK_DEFAULT}",
        )
    return str(int(digits))


def recheck_days(value: str | None) -> int:
    """The days from 销号 to the re-check, from the stored value (None: the default). A
    value changed behind dangqun's back counts as the default rather than failing a read."""
    try:
        return int(_clean_days(value)) if value is not None else RECHECK_DEFAULT
    except InvalidInput:
        return RECHECK_DEFAULT


@dataclass(frozen=True)
class Known:
    """A setting dangqun knows: ``org.name`` 单位名称 …"""

    key: str
    label: str  # Chinese, as ``config list`` and messages name it
    default: str | None
    unset: str  # what applies when there is no value, in words (``config list``'s 默认)
    check: Callable[[str], str]  # the value as stored, or InvalidInput
    example: str

    def clean(self, value: str) -> str:
        return self.check(value)


KNOWN = (
    Known(
        "org.name",
        "单位名称",
        None,
        "唯一的顶层单位（有多个时不写）",
        _clean_org,
        "龙都街道党工委",
    ),
    Known(
        "summary.title",
        "总结标题模板",
        DEFAULT_TITLE,
        DEFAULT_TITLE,
        _clean_title,
        "{单位}{期间}党建工作总结",
    ),
    Known(
        RECHECK_DAYS,
        "回头看天数",
        str(RECHECK_DEFAULT),
        f"销号后 {RECHECK_DEFAULT} 天",
        _clean_days,
        "180",
    ),
)
BY_KEY = {known.key: known for known in KNOWN}
KEYS = tuple(BY_KEY)


def listed() -> str:
    return "、".join(f"{k.key}（{k.label}）" for k in KNOWN)


def find(key: str) -> Known:
    """The known setting ``key`` (spelled in any case), or a refusal that lists them."""
    found = BY_KEY.get(key.strip().lower())
    if found is None:
        from dangqun_cli.text import short

        raise InvalidInput(f"没有名为“{short(key, 40)}”的设置", f"可用的设置：{listed()}")
    return found


# What joins the unit to the rest of a title: dropped with it when there is no unit.
_SEPARATORS = " \u3000、，,：:·・—–-_/|"
_BRACKETS = ("（）", "()", "【】", "[]", "《》", "〈〉", "“”", "「」")


def render_title(template: str, *, unit: str | None, period: str) -> str:
    """The title ``template`` says for ``unit`` and ``period`` (its label, 2023年第四季度).

    Without a unit the placeholder goes with its brackets and with the separators on one
    side of it, so ``{单位}：{期间}工作总结`` reads ``2023年第四季度工作总结``."""
    text = template.replace(PERIOD, period)
    if unit:
        return text.replace(UNIT, unit)
    before, found, after = text.partition(UNIT)
    if not found:
        return text
    for pair in _BRACKETS:
        if before.endswith(pair[0]) and after.startswith(pair[1]):
            before, after = before[:-1], after[1:]
    left = before.rstrip(_SEPARATORS)
    right = after.lstrip(_SEPARATORS)
    if not left or not right:
        return (left or right).strip(_SEPARATORS)
    # Separators on both sides: one side's stay between the two parts (甲、{单位}、乙).
    joint = before[len(left) :] if after != right else ""
    return left + joint + right
