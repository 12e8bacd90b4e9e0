"""What text may be stored: trimmed, no control characters, not absurdly long (stdlib only)."""

from __future__ import annotations

import unicodedata

from dangqun_cli.errors import InvalidInput

# Upper bounds on stored text, in characters: generous for real use, small enough
# that a pasted file or a runaway script is refused rather than stored.
NAME_MAX = 100
TITLE_MAX = 200
LINE_MAX = 2_000
TEXT_MAX = 20_000
MINUTES_MAX = 200_000


def clean_text(
    value: str | None,
    *,
    field: str,
    max_len: int,
    multiline: bool = False,
    required: bool = False,
) -> str | None:
    """Strip, refuse control characters and oversize text; empty means absent."""
    text = (value or "").strip()
    if text and all(unicodedata.category(c) in _INVISIBLE for c in text):
        text = ""  # only zero-width or format characters: nothing a person can read
    if not text:
        if required:
            raise InvalidInput(f"{field}不能为空", f"请填写{field}")
        return None
    allowed = "\n\t" if multiline else ""
    text = text.replace("\r\n", "\n")
    if any(unicodedata.category(c) == "Cs" for c in text):
        # Bytes that were not UTF-8 reach Python as lone surrogates (e.g. from a GBK terminal).
        raise InvalidInput(f"{field}不是有效的 UTF-8 文字", "请把终端或文件的编码设为 UTF-8")
    bad = next((c for c in text if _forbidden(c) and c not in allowed), None)
    if bad is not None:
        where = "" if multiline else "（只允许单行文字）"
        raise InvalidInput(f"{field}含有控制字符 U+{ord(bad):04X}{where}", "请删除不可见字符后重试")
    if len(text) > max_len:
        raise InvalidInput(
            f"{field}过长：{len(text)} 字，上限 {max_len} 字", "请精简内容，或分成几条记录"
        )
    return text


_INVISIBLE = {"Cf", "Zs", "Zl", "Zp", "Mn"}
# Bidirectional overrides can make a stored name display as something else.
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def _forbidden(c: str) -> bool:
    return unicodedata.category(c) == "Cc" or ord(c) in _BIDI


def short(text: str, width: int = 40) -> str:
    """A user's input as it may be quoted in a one-line message."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 1] + "…"
