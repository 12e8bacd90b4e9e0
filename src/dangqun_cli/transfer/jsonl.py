"""JSON as dangqun reads it: JSON Lines (``rectify add --from-file``), one JSON value a
line, and the JSON files ``export`` writes (``import FILE``), one value a file.

Stricter than ``json.loads`` where its leniency would hide a mistake or cost the program:
a key given twice is refused (not "the last one wins"), an integer longer than
JSON_DIGITS_MAX digits and NaN/Infinity are refused, nesting deeper than Python can follow
is a refusal rather than a crash. Lines are split on ``\\n`` only: U+2028, U+0085 and the
other characters ``str.splitlines()`` breaks on may sit inside a JSON string.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from dangqun_cli.errors import InvalidInput
from dangqun_cli.transfer.limits import JSON_DIGITS_MAX, ROWS_MAX

HINT = '每行一个 JSON 对象，如 {"problem": "…"}'


def lines(text: str) -> Iterator[tuple[int, str]]:
    """The numbered lines of ``text``, split on ``\\n`` only (a ``\\r`` before it is JSON
    whitespace). At most ROWS_MAX of them."""
    start, number = 0, 0
    while start <= len(text):
        number += 1
        if number > ROWS_MAX:
            raise InvalidInput(f"文件超过 {ROWS_MAX:,} 行的上限", "请拆成几个文件分别添加")
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield number, text[start:end]
        start = end + 1


class _Refused(Exception):
    """Raised from inside the decoder's hooks; becomes InvalidInput in ``loads``."""


def loads(line: str, *, hint: str = HINT):
    """One JSON value, or InvalidInput saying what is wrong with it (without the line
    number of a one-line value: the caller knows it)."""
    try:
        return json.loads(
            line,
            object_pairs_hook=_object,
            parse_int=_int,
            parse_constant=_constant,
        )
    except _Refused as exc:
        raise InvalidInput(str(exc), hint) from None
    except json.JSONDecodeError as exc:
        where = f"第 {exc.lineno} 行第 {exc.colno} 列" if "\n" in line else f"第 {exc.colno} 列"
        raise InvalidInput(f"不是有效的 JSON（{where}附近）", hint) from None
    except RecursionError:
        nested = "每个键的值应是文字、true/false 或编号的数组" if hint == HINT else hint
        raise InvalidInput("JSON 嵌套过深", nested) from None


def _object(pairs: list[tuple[str, object]]) -> dict:
    record = dict(pairs)
    if len(record) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise _Refused(f"键 {_quoted(twice)} 出现了不止一次")
    return record


def _int(digits: str) -> int:
    length = len(digits.lstrip("-"))
    if length > JSON_DIGITS_MAX:
        raise _Refused(f"数字过长：{length:,} 位，上限 {JSON_DIGITS_MAX} 位")
    return int(digits)


def _constant(name: str):
    raise _Refused(f"{name} 不是有效的 JSON 数值")


def _quoted(key: str) -> str:
    shown = json.dumps(key, ensure_ascii=False)  # escapes control characters
    return shown if len(shown) <= 40 else shown[:39] + "…"
