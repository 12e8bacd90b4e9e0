"""What text may be stored, how names compare, and how text is shown (stdlib only).

One home for three rules:

- :func:`clean_text` — what is stored: trimmed, not absurdly long, and nothing invisible
  that could hide or disguise what a person reads. A single-line field (a name, a title,
  a place) refuses every control character (C0, DEL, C1), the line and paragraph
  separators U+2028/U+2029 and every Unicode format character (zero-width space and
  joiners, bidi marks, embeddings and isolates, U+FEFF …). A multi-line field (minutes,
  notes) keeps newlines and tabs, turns U+2028/U+2029 into newlines (text pasted from
  word processors and web pages carries them, and they mean a line break there), and
  refuses the other controls and the bidi controls that reorder what is shown.
- :func:`name_key` — names that look alike are the same name: compared after NFKC, so
  ``ＡＢＣ工会`` is ``ABC工会``. Names are stored as typed (NFKC would also turn the
  full-width ``（）：`` of Chinese names into ASCII).
- :func:`visible` — what reaches a terminal: control characters become ``\\x1b``-style
  escapes and format characters ``<U+202E>``, so nothing in a record, a file being
  imported or an argument can move the cursor, clear the screen, retitle the window or
  turn text around.
"""

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

# Bidirectional embeddings, overrides and isolates: they make text display as something
# else (U+202E turns what follows around). Refused in every field.
BIDI_CONTROLS = frozenset({*range(0x202A, 0x202F), *range(0x2066, 0x206A)})
_BIDI_MARKS = "\u200e\u200f\u061c"  # LRM, RLM, ALM: refused in single-line fields only
# Line and paragraph separators: a line break to some programs, nothing to others.
SEPARATORS = {"\u2028": "\n", "\u2029": "\n\n"}
# Spaces trimmed from both ends (what str.strip() trims, less the separators and the
# control characters it also takes, which are refused instead of silently dropped).
_TRIM = " \t\n\r" + "".join(
    chr(c) for c in range(0x80, 0x3001) if unicodedata.category(chr(c)) == "Zs"
)


def clean_text(
    value: str | None,
    *,
    field: str,
    max_len: int,
    multiline: bool = False,
    required: bool = False,
) -> str | None:
    """Trimmed text, or None when empty; refuses what :mod:`dangqun_cli.text` says."""
    text = (value or "").strip(_TRIM)
    # Nearly every text is plain: printable (no control, format, separator or surrogate
    # character) apart from a multi-line field's newlines and tabs. str.isprintable says so
    # in C; only other texts are looked at a character at a time.
    lines = text.replace("\n", "").replace("\t", "") if multiline else text
    if text and lines.isprintable() and unicodedata.category(text[0]) != "Mn":
        return _within(text, field, max_len)
    if text and all(unicodedata.category(c) in _INVISIBLE for c in text):
        text = ""  # only zero-width or format characters: nothing a person can read
    if not text:
        if required:
            raise InvalidInput(f"{field}不能为空", f"请填写{field}")
        return None
    if any(unicodedata.category(c) == "Cs" for c in text):
        # Bytes that were not UTF-8 reach Python as lone surrogates (e.g. from a GBK terminal).
        raise InvalidInput(f"{field}不是有效的 UTF-8 文字", "请把终端或文件的编码设为 UTF-8")
    if multiline:
        text = text.replace("\r\n", "\n")
        for separator, newline in SEPARATORS.items():
            text = text.replace(separator, newline)
    bad = next((c for c in text if _refused(c, multiline)), None)
    if bad is not None:
        raise InvalidInput(_refusal(field, bad, multiline), "请删除这个字符后重试")
    return _within(text, field, max_len)


def _within(text: str, field: str, max_len: int) -> str:
    if len(text) > max_len:
        raise InvalidInput(
            f"{field}过长：{len(text)} 字，上限 {max_len} 字", "请精简内容，或分成几条记录"
        )
    return text


_INVISIBLE = {"Cf", "Zs", "Zl", "Zp", "Mn"}


def _refused(c: str, multiline: bool) -> bool:
    category = unicodedata.category(c)
    if category == "Cc":
        return not (multiline and c in "\n\t")
    if multiline:
        return ord(c) in BIDI_CONTROLS
    return category in ("Cf", "Zl", "Zp")


def _refusal(field: str, c: str, multiline: bool) -> str:
    code = f"U+{ord(c):04X}"
    if unicodedata.category(c) == "Cc":
        kind = "控制字符"
    elif c in SEPARATORS:
        kind = "换行符"
    elif ord(c) in BIDI_CONTROLS or c in _BIDI_MARKS:
        kind = "文字方向控制字符"
    else:
        kind = "不可见字符"
    where = "" if multiline else "（只允许单行文字）"
    return f"{field}含有{kind} {code}{where}"


def name_key(name: str) -> str:
    """What two names are compared by: NFKC, so full-width letters and digits, compatibility
    ideographs and the like equal their ordinary forms, without format characters, so a
    name stored with a zero-width space before they were refused equals the name without."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(c for c in folded if unicodedata.category(c) != "Cf").strip(_TRIM)


def same_names(rows, name: str, *, exclude: int | None = None) -> list[tuple[int, str]]:
    """The (id, name) pairs of ``rows`` whose name equals ``name`` after :func:`name_key`
    (units, templates: compared here, as neither database has NFKC in a form both share)."""
    key = name_key(name)
    return [(i, n) for i, n in rows if i != exclude and name_key(n) == key]


def person_text(name: str, unit: str | None) -> str:
    """A person as --attendee, --invitee and the ledger's 出席 column write one: ``姓名@单位``,
    or the name alone (services/meetings.py reads it back)."""
    return f"{name}@{unit}" if unit else name


def visible(text: str, *, multiline: bool = True) -> str:
    """``text`` safe to show on a terminal: control characters as ``\\x1b``-style escapes,
    format characters and separators as ``<U+202E>``; newlines and tabs are kept when
    ``multiline`` (a one-line message shows them as ``\\n`` and ``\\t`` too)."""
    if text.isprintable() and (multiline or ("\n" not in text and "\t" not in text)):
        return text  # the common case, in one C loop
    return "".join(_shown(c, multiline) for c in text)


# Joiners are kept: they join emoji (👨‍👩‍👧) and letters of some scripts, and move nothing.
_JOINERS = "\u200c\u200d"


def _shown(c: str, multiline: bool) -> str:
    category = unicodedata.category(c)
    if category == "Cc":
        return c if multiline and c in "\n\t" else repr(c)[1:-1]
    if category in ("Cf", "Zl", "Zp", "Cs") and c not in _JOINERS:
        return f"<U+{ord(c):04X}>"
    return c


def json_visible(dumped: str) -> str:
    """JSON text whose strings carry no invisible character raw: ``json`` escapes C0 only;
    DEL, C1, format characters and the separators become ``\\u`` escapes too, which every
    JSON reader turns back into the same text."""
    if dumped.isprintable() or all(c.isprintable() or c in " \n" for c in dumped):
        return dumped
    return "".join(_json_escape(c) for c in dumped)


def _json_escape(c: str) -> str:
    if c in " \n" or unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp"):
        return c
    if ord(c) > 0xFFFF:  # a surrogate pair, as JSON spells characters beyond the BMP
        high, low = divmod(ord(c) - 0x10000, 0x400)
        return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
    return f"\\u{ord(c):04x}"


def short(text: str, width: int = 40) -> str:
    """A user's input as it may be quoted in a one-line message."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 1] + "…"
