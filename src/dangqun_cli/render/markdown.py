"""Documents (``reports.document`` blocks) as Markdown."""

from __future__ import annotations

from dangqun_cli.reports.document import (
    Bars,
    Block,
    Heading,
    Para,
    Signature,
    SubHeading,
    Table,
    Title,
)

BAR_WIDTH = 20


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        match b:
            case Title(text):
                out.append(f"# {text}")
            case Heading(text):
                out.append(f"## {text}")
            case SubHeading(text):
                out.append(f"### {text}")
            case Para(text):
                out.append(text)
            case Table(headers, rows, caption):
                lines = [f"**{caption}**", ""] if caption else []
                lines.append("| " + " | ".join(_cell(h) for h in headers) + " |")
                lines.append("|" + "---|" * len(headers))
                lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
                out.append("\n".join(lines))
            case Bars(caption, rows):
                lines = [f"**{caption}**", "", "| | | |", "|---|---|---|"]
                lines += [
                    f"| {_cell(label)} | `{'█' * round(frac * BAR_WIDTH):<{BAR_WIDTH}}` | {shown} |"
                    for label, frac, shown in rows
                ]
                out.append("\n".join(lines))
            case Signature(lines):
                out.append("\n".join(f'<p align="right">{line}</p>' for line in lines))
    return "\n\n".join(out) + "\n"
