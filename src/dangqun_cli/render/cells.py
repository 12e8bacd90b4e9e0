"""How many terminal cells a text takes, as rich counts them, without importing rich.

The light renderer (render/plain.py) and the line breaker (render/wrap.py) lay text out
cell for cell as rich's tables do, so they must agree with rich on every character:
a Chinese character or a full-width form is two cells, a combining mark or a control
character none. The table below is rich's own (``rich._unicode_data``, Unicode
17.0.0: the code points that are not one cell wide), copied so that measuring
needs no rich import; tests/test_cells.py checks every code point against the installed
rich. Python's ``unicodedata.east_asian_width`` differs from it (spacing marks, Hangul
jamo, prepended concatenation marks, characters newer than Python's Unicode), so it is
not used. (rich also honours ``UNICODE_VERSION`` to measure by an older table; the light
renderer always measures by this one.)
"""

from __future__ import annotations

from bisect import bisect_right

# "first last width" for each run of code points that are not one cell wide (hex).
_TABLE = (
    "0000 0000 0 0300 036F 0 0483 0489 0 0591 05BD 0 05BF 05BF 0 05C1 05C2 0 05C4 05C5 0 "
    "05C7 05C7 0 0610 061A 0 061C 061C 0 064B 065F 0 0670 0670 0 06D6 06DC 0 06DF 06E4 0 "
    "06E7 06E8 0 06EA 06ED 0 0711 0711 0 0730 074A 0 07A6 07B0 0 07EB 07F3 0 07FD 07FD 0 "
    "0816 0819 0 081B 0823 0 0825 0827 0 0829 082D 0 0859 085B 0 0897 089F 0 08CA 08E1 0 "
    "08E3 0903 0 093A 093C 0 093E 094F 0 0951 0957 0 0962 0963 0 0981 0983 0 09BC 09BC 0 "
    "09BE 09C4 0 09C7 09C8 0 09CB 09CD 0 09D7 09D7 0 09E2 09E3 0 09FE 09FE 0 0A01 0A03 0 "
    "0A3C 0A3C 0 0A3E 0A42 0 0A47 0A48 0 0A4B 0A4D 0 0A51 0A51 0 0A70 0A71 0 0A75 0A75 0 "
    "0A81 0A83 0 0ABC 0ABC 0 0ABE 0AC5 0 0AC7 0AC9 0 0ACB 0ACD 0 0AE2 0AE3 0 0AFA 0AFF 0 "
    "0B01 0B03 0 0B3C 0B3C 0 0B3E 0B44 0 0B47 0B48 0 0B4B 0B4D 0 0B55 0B57 0 0B62 0B63 0 "
    "0B82 0B82 0 0BBE 0BC2 0 0BC6 0BC8 0 0BCA 0BCD 0 0BD7 0BD7 0 0C00 0C04 0 0C3C 0C3C 0 "
    "0C3E 0C44 0 0C46 0C48 0 0C4A 0C4D 0 0C55 0C56 0 0C62 0C63 0 0C81 0C83 0 0CBC 0CBC 0 "
    "0CBE 0CC4 0 0CC6 0CC8 0 0CCA 0CCD 0 0CD5 0CD6 0 0CE2 0CE3 0 0CF3 0CF3 0 0D00 0D03 0 "
    "0D3B 0D3C 0 0D3E 0D44 0 0D46 0D48 0 0D4A 0D4D 0 0D57 0D57 0 0D62 0D63 0 0D81 0D83 0 "
    "0DCA 0DCA 0 0DCF 0DD4 0 0DD6 0DD6 0 0DD8 0DDF 0 0DF2 0DF3 0 0E31 0E31 0 0E34 0E3A 0 "
    "0E47 0E4E 0 0EB1 0EB1 0 0EB4 0EBC 0 0EC8 0ECE 0 0F18 0F19 0 0F35 0F35 0 0F37 0F37 0 "
    "0F39 0F39 0 0F3E 0F3F 0 0F71 0F84 0 0F86 0F87 0 0F8D 0F97 0 0F99 0FBC 0 0FC6 0FC6 0 "
    "102B 103E 0 1056 1059 0 105E 1060 0 1062 1064 0 1067 106D 0 1071 1074 0 1082 108D 0 "
    "108F 108F 0 109A 109D 0 1100 115F 2 1160 11FF 0 135D 135F 0 1712 1715 0 1732 1734 0 "
    "1752 1753 0 1772 1773 0 17B4 17D3 0 17DD 17DD 0 180B 180F 0 1885 1886 0 18A9 18A9 0 "
    "1920 192B 0 1930 193B 0 1A17 1A1B 0 1A55 1A5E 0 1A60 1A7C 0 1A7F 1A7F 0 1AB0 1ADD 0 "
    "1AE0 1AEB 0 1B00 1B04 0 1B34 1B44 0 1B6B 1B73 0 1B80 1B82 0 1BA1 1BAD 0 1BE6 1BF3 0 "
    "1C24 1C37 0 1CD0 1CD2 0 1CD4 1CE8 0 1CED 1CED 0 1CF4 1CF4 0 1CF7 1CF9 0 1DC0 1DFF 0 "
    "200B 200F 0 2028 202E 0 2060 206F 0 20D0 20F0 0 231A 231B 2 2329 232A 2 23E9 23EC 2 "
    "23F0 23F0 2 23F3 23F3 2 25FD 25FE 2 2614 2615 2 2630 2637 2 2648 2653 2 267F 267F 2 "
    "268A 268F 2 2693 2693 2 26A1 26A1 2 26AA 26AB 2 26BD 26BE 2 26C4 26C5 2 26CE 26CE 2 "
    "26D4 26D4 2 26EA 26EA 2 26F2 26F3 2 26F5 26F5 2 26FA 26FA 2 26FD 26FD 2 2705 2705 2 "
    "270A 270B 2 2728 2728 2 274C 274C 2 274E 274E 2 2753 2755 2 2757 2757 2 2795 2797 2 "
    "27B0 27B0 2 27BF 27BF 2 2B1B 2B1C 2 2B50 2B50 2 2B55 2B55 2 2CEF 2CF1 0 2D7F 2D7F 0 "
    "2DE0 2DFF 0 2E80 2E99 2 2E9B 2EF3 2 2F00 2FD5 2 2FF0 3029 2 302A 302F 0 3030 303E 2 "
    "3041 3096 2 3099 309A 0 309B 30FF 2 3105 312F 2 3131 3163 2 3164 3164 0 3165 318E 2 "
    "3190 31E5 2 31EF 321E 2 3220 3247 2 3250 A48C 2 A490 A4C6 2 A66F A672 0 A674 A67D 0 "
    "A69E A69F 0 A6F0 A6F1 0 A802 A802 0 A806 A806 0 A80B A80B 0 A823 A827 0 A82C A82C 0 "
    "A880 A881 0 A8B4 A8C5 0 A8E0 A8F1 0 A8FF A8FF 0 A926 A92D 0 A947 A953 0 A960 A97C 2 "
    "A980 A983 0 A9B3 A9C0 0 A9E5 A9E5 0 AA29 AA36 0 AA43 AA43 0 AA4C AA4D 0 AA7B AA7D 0 "
    "AAB0 AAB0 0 AAB2 AAB4 0 AAB7 AAB8 0 AABE AABF 0 AAC1 AAC1 0 AAEB AAEF 0 AAF5 AAF6 0 "
    "ABE3 ABEA 0 ABEC ABED 0 AC00 D7A3 2 D7B0 D7FF 0 F900 FAFF 2 FB1E FB1E 0 FE00 FE0F 0 "
    "FE10 FE19 2 FE20 FE2F 0 FE30 FE52 2 FE54 FE66 2 FE68 FE6B 2 FEFF FEFF 0 FF01 FF60 2 "
    "FFA0 FFA0 0 FFE0 FFE6 2 FFF0 FFFB 0 101FD 101FD 0 102E0 102E0 0 10376 1037A 0 "
    "10A01 10A03 0 10A05 10A06 0 10A0C 10A0F 0 10A38 10A3A 0 10A3F 10A3F 0 10AE5 10AE6 0 "
    "10D24 10D27 0 10D69 10D6D 0 10EAB 10EAC 0 10EFA 10EFF 0 10F46 10F50 0 10F82 10F85 0 "
    "11000 11002 0 11038 11046 0 11070 11070 0 11073 11074 0 1107F 11082 0 110B0 110BA 0 "
    "110C2 110C2 0 11100 11102 0 11127 11134 0 11145 11146 0 11173 11173 0 11180 11182 0 "
    "111B3 111C0 0 111C9 111CC 0 111CE 111CF 0 1122C 11237 0 1123E 1123E 0 11241 11241 0 "
    "112DF 112EA 0 11300 11303 0 1133B 1133C 0 1133E 11344 0 11347 11348 0 1134B 1134D 0 "
    "11357 11357 0 11362 11363 0 11366 1136C 0 11370 11374 0 113B8 113C0 0 113C2 113C2 0 "
    "113C5 113C5 0 113C7 113CA 0 113CC 113D0 0 113D2 113D2 0 113E1 113E2 0 11435 11446 0 "
    "1145E 1145E 0 114B0 114C3 0 115AF 115B5 0 115B8 115C0 0 115DC 115DD 0 11630 11640 0 "
    "116AB 116B7 0 1171D 1172B 0 1182C 1183A 0 11930 11935 0 11937 11938 0 1193B 1193E 0 "
    "11940 11940 0 11942 11943 0 119D1 119D7 0 119DA 119E0 0 119E4 119E4 0 11A01 11A0A 0 "
    "11A33 11A39 0 11A3B 11A3E 0 11A47 11A47 0 11A51 11A5B 0 11A8A 11A99 0 11B60 11B67 0 "
    "11C2F 11C36 0 11C38 11C3F 0 11C92 11CA7 0 11CA9 11CB6 0 11D31 11D36 0 11D3A 11D3A 0 "
    "11D3C 11D3D 0 11D3F 11D45 0 11D47 11D47 0 11D8A 11D8E 0 11D90 11D91 0 11D93 11D97 0 "
    "11EF3 11EF6 0 11F00 11F01 0 11F03 11F03 0 11F34 11F3A 0 11F3E 11F42 0 11F5A 11F5A 0 "
    "13430 13440 0 13447 13455 0 1611E 1612F 0 16AF0 16AF4 0 16B30 16B36 0 16F4F 16F4F 0 "
    "16F51 16F87 0 16F8F 16F92 0 16FE0 16FE3 2 16FE4 16FE4 0 16FF0 16FF1 0 16FF2 16FF6 2 "
    "17000 18CD5 2 18CFF 18D1E 2 18D80 18DF2 2 1AFF0 1AFF3 2 1AFF5 1AFFB 2 1AFFD 1AFFE 2 "
    "1B000 1B122 2 1B132 1B132 2 1B150 1B152 2 1B155 1B155 2 1B164 1B167 2 1B170 1B2FB 2 "
    "1BC9D 1BC9E 0 1BCA0 1BCA3 0 1CF00 1CF2D 0 1CF30 1CF46 0 1D165 1D169 0 1D16D 1D182 0 "
    "1D185 1D18B 0 1D1AA 1D1AD 0 1D242 1D244 0 1D300 1D356 2 1D360 1D376 2 1DA00 1DA36 0 "
    "1DA3B 1DA6C 0 1DA75 1DA75 0 1DA84 1DA84 0 1DA9B 1DA9F 0 1DAA1 1DAAF 0 1E000 1E006 0 "
    "1E008 1E018 0 1E01B 1E021 0 1E023 1E024 0 1E026 1E02A 0 1E08F 1E08F 0 1E130 1E136 0 "
    "1E2AE 1E2AE 0 1E2EC 1E2EF 0 1E4EC 1E4EF 0 1E5EE 1E5EF 0 1E6E3 1E6E3 0 1E6E6 1E6E6 0 "
    "1E6EE 1E6EF 0 1E6F5 1E6F5 0 1E8D0 1E8D6 0 1E944 1E94A 0 1F004 1F004 2 1F0CF 1F0CF 2 "
    "1F18E 1F18E 2 1F191 1F19A 2 1F200 1F202 2 1F210 1F23B 2 1F240 1F248 2 1F250 1F251 2 "
    "1F260 1F265 2 1F300 1F320 2 1F32D 1F335 2 1F337 1F37C 2 1F37E 1F393 2 1F3A0 1F3CA 2 "
    "1F3CF 1F3D3 2 1F3E0 1F3F0 2 1F3F4 1F3F4 2 1F3F8 1F3FA 2 1F3FB 1F3FF 0 1F400 1F43E 2 "
    "1F440 1F440 2 1F442 1F4FC 2 1F4FF 1F53D 2 1F54B 1F54E 2 1F550 1F567 2 1F57A 1F57A 2 "
    "1F595 1F596 2 1F5A4 1F5A4 2 1F5FB 1F64F 2 1F680 1F6C5 2 1F6CC 1F6CC 2 1F6D0 1F6D2 2 "
    "1F6D5 1F6D8 2 1F6DC 1F6DF 2 1F6EB 1F6EC 2 1F6F4 1F6FC 2 1F7E0 1F7EB 2 1F7F0 1F7F0 2 "
    "1F90C 1F93A 2 1F93C 1F945 2 1F947 1F9FF 2 1FA70 1FA7C 2 1FA80 1FA8A 2 1FA8E 1FAC6 2 "
    "1FAC8 1FAC8 2 1FACD 1FADC 2 1FADF 1FAEA 2 1FAEF 1FAF8 2 20000 2FFFD 2 30000 3FFFD 2 "
    "E0000 E0FFF 0 "
)
# Characters that a following VARIATION SELECTOR-16 (U+FE0F) makes two cells wide.
_NARROW_TO_WIDE = (
    "0023 002A 0030-0039 00A9 00AE 203C 2049 2122 2139 2194-2199 21A9-21AA 2328 23CF "
    "23ED-23EF 23F1-23F2 23F8-23FA 24C2 25AA-25AB 25B6 25C0 25FB-25FC 2600-2604 260E "
    "2611 2618 261D 2620 2622-2623 2626 262A 262E-262F 2638-263A 2640 2642 265F-2660 "
    "2663 2665-2666 2668 267B 267E 2692 2694-2697 2699 269B-269C 26A0 26A7 26B0-26B1 "
    "26C8 26CF 26D1 26D3 26E9 26F0-26F1 26F4 26F7-26F9 2702 2708-2709 270C-270D 270F "
    "2712 2714 2716 271D 2721 2733-2734 2744 2747 2763-2764 27A1 2934-2935 2B05-2B07 "
    "1F170-1F171 1F17E-1F17F 1F321 1F324-1F32C 1F336 1F37D 1F396-1F397 1F399-1F39B "
    "1F39E-1F39F 1F3CB-1F3CE 1F3D4-1F3DF 1F3F3 1F3F5 1F3F7 1F43F 1F441 1F4FD 1F549-1F54A "
    "1F56F-1F570 1F573-1F579 1F587 1F58A-1F58D 1F590 1F5A5 1F5A8 1F5B1-1F5B2 1F5BC "
    "1F5C2-1F5C4 1F5D1-1F5D3 1F5DC-1F5DE 1F5E1 1F5E3 1F5E8 1F5EF 1F5F3 1F5FA 1F6CB "
    "1F6CD-1F6CF 1F6E0-1F6E5 1F6E9 1F6F0 1F6F3 "
)

_starts: list[int] = []
_ends: list[int] = []
_widths: list[int] = []
_to_wide: frozenset[str] = frozenset()


def _load() -> None:
    """Parse the table on the first character that is not plain ASCII."""
    global _to_wide
    fields = _TABLE.split()
    for i in range(0, len(fields), 3):
        _starts.append(int(fields[i], 16))
        _ends.append(int(fields[i + 1], 16))
        _widths.append(int(fields[i + 2]))
    wide = set()
    for run in _NARROW_TO_WIDE.split():
        first, _, last = run.partition("-")
        wide.update(map(chr, range(int(first, 16), int(last or first, 16) + 1)))
    _to_wide = frozenset(wide)


class _Sizes(dict):
    """Character → cells, filled as characters are met (rich caches the same way)."""

    def __missing__(self, char: str) -> int:
        code = ord(char)
        if (code and code < 32) or 0x7F <= code < 0xA0:
            size = 0
        else:
            if not _starts:
                _load()
            i = bisect_right(_starts, code) - 1
            size = _widths[i] if i >= 0 and code <= _ends[i] else 1
        self[char] = size
        return size


_size = _Sizes()
char_width = _size.__getitem__
_SPECIAL = ("\u200d", "\ufe0f")  # ZERO WIDTH JOINER, VARIATION SELECTOR-16


def cell_len(text: str) -> int:
    """The cells ``text`` takes on a terminal (rich.cells.cell_len)."""
    if text.isascii() and text.isprintable():
        return len(text)
    if "\u200d" not in text and "\ufe0f" not in text:
        return sum(map(char_width, text))
    # A joiner hides the character after it; VS16 widens the narrow emoji before it.
    if not _starts:
        _load()
    total, last, i = 0, None, 0
    while i < len(text):
        char = text[i]
        if char == "\u200d":
            i += 1
        elif char == "\ufe0f":
            if last:
                total += last in _to_wide
                last = None
        elif size := char_width(char):
            last = char
            total += size
        i += 1
    return total


def _graphemes(text: str) -> list[tuple[int, int, int]]:
    """(start, end, cells) of each character with what attaches to it: zero-width marks, a
    joined character, VS16 (rich.cells.split_graphemes)."""
    if not _starts:
        _load()
    spans: list[tuple[int, int, int]] = []
    last = None
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in _SPECIAL:
            if not spans:
                spans.append((i, i + 1, 0))
                i += 1
                continue
            start, _, size = spans[-1]
            if char == "\u200d":
                i += 2 if i < n - 1 else 1
            else:
                i += 1
                if last and last in _to_wide:
                    last = None
                    size += 1
            spans[-1] = (start, i, size)
            continue
        if size := char_width(char):
            last = char
            spans.append((i, i + 1, size))
        elif spans:
            start, _, before = spans[-1]
            spans[-1] = (start, i + 1, before)
        else:
            spans.append((i, i + 1, 0))
        i += 1
    return spans


def _split(text: str, position: int) -> str:
    """The first ``position`` cells of ``text``; a wide character cut in two becomes a space
    (rich.cells._split_text, left half)."""
    if position <= 0:
        return ""
    used = 0
    for start, _end, size in _graphemes(text):
        if used + size > position:
            return text[:start] + (" " if used < position else "")
        used += size
    return text


def set_cell_size(text: str, total: int) -> str:
    """``text`` cropped or padded with spaces to ``total`` cells (rich.cells.set_cell_size)."""
    if text.isascii() and text.isprintable():
        return text + " " * (total - len(text)) if len(text) < total else text[:total]
    if total <= 0:
        return ""
    size = cell_len(text)
    if size == total:
        return text
    if size < total:
        return text + " " * (total - size)
    return _split(text, total)


def chop_cells(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` cells (rich.cells.chop_cells)."""
    if text.isascii() and text.isprintable():
        return [text[i : i + width] for i in range(0, len(text), width)]
    lines: list[str] = []
    used, offset = 0, 0
    for start, _end, size in _graphemes(text):
        if used + size > width:
            lines.append(text[offset:start])
            offset, used = start, 0
        used += size
    if used:
        lines.append(text[offset:])
    return lines
