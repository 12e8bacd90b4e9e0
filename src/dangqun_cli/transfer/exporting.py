"""Exporting ledgers: CSV that Excel opens with correct Chinese (UTF-8 with BOM), XLSX with a
header row, frozen pane, sensible widths and real date cells, and JSON.

Rows are chosen by the same filters as the lists (the list queries give the ids, in
their order), then read whole in chunks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from dangqun_cli.database.reader import Reader, ids_in
from dangqun_cli.enums import ItemState, MeetingKind, OpinionState
from dangqun_cli.errors import InvalidInput
from dangqun_cli.render.files import Target, target
from dangqun_cli.text import person_text
from dangqun_cli.transfer.columns import TYPES
from dangqun_cli.transfer.formulas import defuse, is_formula_like, xlsx_text
from dangqun_cli.unit_lookup import unit_names

FORMATS = ("csv", "xlsx", "json")
TEXT_FORMATS = ("csv", "json")  # what may go to standard output
CHUNK = 2000  # ids per read


def check_format(fmt: str) -> str:
    word = fmt.strip().lower().lstrip(".")
    if word not in FORMATS:
        raise InvalidInput(f"不支持的格式“{fmt}”", "可用：csv、xlsx、json")
    return word


def destination(fmt: str, output: str, *, force: bool, database: str | None) -> Target:
    """Where the ledger goes, checked before any row is read (see render/files.py)."""
    fmt = check_format(fmt)
    return target(output, f"台账.{fmt}", force=force, database=database, stdout=fmt in TEXT_FORMATS)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def item_rows(reader: Reader, ids: list[int]) -> Iterator[dict]:
    for chunk in _chunks(ids):
        among = ids_in(chunk)
        found = reader.rows(f"SELECT * FROM rectification_item WHERE id IN {among}")
        rows = {r.id: r for r in found}
        links: dict[int, list[int]] = {}
        for item_id, opinion_id in reader.rows(
            f"SELECT item_id, opinion_id FROM item_opinion WHERE item_id IN {among}"
            " ORDER BY opinion_id",
        ):
            links.setdefault(item_id, []).append(opinion_id)
        progress = dict(  # each item's latest progress note (later ids win)
            reader.rows(
                f"SELECT item_id, text FROM progress_note WHERE item_id IN {among}"
                " AND kind = 'note' ORDER BY item_id, id",
            )
        )
        names = unit_names(reader, {r.unit_id for r in rows.values()})
        for item_id in chunk:
            r = rows[item_id]
            yield {
                "id": r.id,
                "problem": r.problem,
                "category": r.category,
                "measures": r.measures,
                "target": r.target,
                "unit": names.get(r.unit_id),
                "partners": r.partners.split("、") if r.partners else [],
                "owner": r.owner,
                "leader": r.leader,
                "due": r.due,  # None for 长期坚持, written as such below
                "original_due": r.original_due,
                "opened_on": r.opened_on,
                "state": r.state,
                "progress": progress.get(r.id),
                "result": r.result,
                "evidence": r.evidence,
                "submitted_on": r.submitted_on,
                "closed": r.state == ItemState.closed.value,
                "closed_at": r.closed_on,
                "verified_by": r.verified_by,
                "source": r.source,
                "opinions": links.get(r.id, []),
                "note": r.note,
            }


def meeting_rows(reader: Reader, ids: list[int]) -> Iterator[dict]:
    from dangqun_cli.dates import When

    for chunk in _chunks(ids):
        among = ids_in(chunk)
        found = reader.rows(f"SELECT * FROM meeting WHERE id IN {among}")
        rows = {r.id: r for r in found}
        people = reader.rows(
            "SELECT meeting_id, role, name, unit_id, org, reason FROM attendance"
            f" WHERE meeting_id IN {among} ORDER BY meeting_id, position, id",
        )
        decisions: dict[int, list[str]] = {}
        for meeting_id, text in reader.rows(
            f"SELECT meeting_id, text FROM decision WHERE meeting_id IN {among} ORDER BY position",
        ):
            decisions.setdefault(meeting_id, []).append(text)
        more = {p.unit_id for p in people}
        names = unit_names(reader, {r.unit_id for r in rows.values()} | more)

        def named(meeting_id: int, role: str, people=people, names=names) -> list[str]:
            out = []
            for p in people:
                if p.meeting_id == meeting_id and p.role == role:
                    # 姓名@单位:原因, as typed on the command line (services.meetings reads it)
                    unit = names.get(p.unit_id) or p.org
                    text = person_text(p.name, unit)
                    out.append(f"{text}:{p.reason}" if p.reason else text)
            return out

        for meeting_id in chunk:
            r = rows[meeting_id]
            yield {
                "id": r.id,
                "kind": r.kind,
                "title": r.title,
                "date": When(r.date, r.time, None),
                "part_of_day": r.part,
                "end": When(r.end_date, r.end_time) if r.end_date else None,
                "place": r.place,
                "unit": names.get(r.unit_id),
                "host": r.host,
                "recorder": r.recorder,
                "attendees": named(r.id, "attendee"),
                "invitees": named(r.id, "invitee"),
                "absentees": named(r.id, "absentee"),
                "expected": r.expected,
                "present": r.present,
                "minutes": r.minutes,
                "decisions": decisions.get(r.id, []),
            }


def opinion_rows(reader: Reader, ids: list[int]) -> Iterator[dict]:
    for chunk in _chunks(ids):
        among = ids_in(chunk)
        found = reader.rows(f"SELECT * FROM opinion WHERE id IN {among}")
        rows = {r.id: r for r in found}
        names = unit_names(reader, {r.unit_id for r in rows.values()})
        for opinion_id in chunk:
            r = rows[opinion_id]
            yield {
                "id": r.id,
                "meeting_id": r.meeting_id,
                "source": r.source,
                "by": r.raised_by,
                "topic": r.topic,
                "text": r.text,
                "state": r.state,
                "reply": r.reply,
                "reason": r.reason,
                "raised_on": r.raised_on,
                "handled_on": r.handled_on,
                "unit": names.get(r.unit_id),
            }


ROWS: dict[str, Callable[[Reader, list[int]], Iterator[dict]]] = {
    "items": item_rows,
    "meetings": meeting_rows,
    "opinions": opinion_rows,
}
ENUMS = {"items": ItemState, "meetings": MeetingKind, "opinions": OpinionState}


# ---- cell values -------------------------------------------------------------------------


def _json_value(key: str, value):
    from dangqun_cli.dates import When

    if isinstance(value, When):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def text_cells(kind: str) -> list[Callable[[dict], str]]:
    """For each column, a function from a row to its cell as a secretary writes it
    (Chinese labels, 长期坚持, 是/否). Built once per export: this runs per cell."""
    from dangqun_cli.dates import When

    labels = {e.value: e.label for e in ENUMS[kind]}

    def plain(key: str) -> Callable[[dict], str]:
        def cell(row: dict) -> str:
            value = row[key]
            if value.__class__ is str:  # most cells: no further test
                return value
            if value is None:
                return ""
            if isinstance(value, dt.date):
                return value.isoformat()
            return str(value)

        return cell

    def joined(key: str, joiner: str) -> Callable[[dict], str]:
        return lambda row: joiner.join(str(v) for v in row[key])

    def when(key: str) -> Callable[[dict], str]:
        def cell(row: dict) -> str:
            value = row[key]
            if value is None:
                return ""
            if key == "date" and row.get("part_of_day"):
                return When(value.date, None, _part(row["part_of_day"])).label()
            return value.isoformat().replace("T", " ")

        return cell

    special = {
        "due": (lambda row: "长期坚持" if row["due"] is None else row["due"].isoformat())
        if kind == "items"
        else None,
        "state": lambda row: labels[row["state"]],
        "kind": lambda row: labels[row["kind"]],
        "closed": lambda row: "是" if row["closed"] else "否",
        "opinions": joined("opinions", ","),
        "decisions": joined("decisions", "\n"),
    }
    cells = []
    for col in TYPES[kind]:
        made = special.get(col.key)
        if made is None:
            if col.kind == "when":
                made = when(col.key)
            elif col.kind == "list":
                made = joined(col.key, "、")
            else:
                made = plain(col.key)
        cells.append(made)
    return cells


def _part(key):
    from dangqun_cli.enums import DayPart

    return DayPart(key) if key else None


# ---- writers -----------------------------------------------------------------------------


def write(kind: str, rows: Iterator[dict], fmt: str, dest: Target, progress=None) -> int:
    """Write all rows to ``dest`` (via a temporary file, so never half a file)."""
    columns = TYPES[kind]
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            if progress is not None:
                progress()
            yield row

    def fill(tmp: str) -> None:
        if fmt == "csv":
            cells = text_cells(kind)
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
                out = csv.writer(f)
                out.writerow(["序号", *(c.header for c in columns)])
                for n, row in enumerate(counted(), 1):
                    # A text a spreadsheet would run as a formula gets its apostrophe.
                    out.writerow([n, *(defuse(cell(row)) for cell in cells)])
        elif fmt == "json":
            with open(tmp, "w", encoding="utf-8") as f:
                data = [{k: _json_value(k, v) for k, v in row.items()} for row in counted()]
                json.dump(data, f, ensure_ascii=False, indent=2)
        else:
            buffer = io.BytesIO()  # in memory: a full disk fails in our write, not in zipfile
            _xlsx(buffer, kind, counted())
            Path(tmp).write_bytes(buffer.getvalue())

    dest.write(fill)
    return count


WIDTHS = {
    "text": 30,
    "date": 12,
    "when": 18,
    "int": 8,
    "list": 20,
    "lines": 30,
    "bool": 8,
    "enum": 10,
}


def _xlsx(path, kind: str, rows: Iterator[dict]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = TYPES[kind]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(
        {"items": "整改台账", "meetings": "会议", "opinions": "意见建议"}[kind]
    )
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 6
    for i, col in enumerate(columns, 2):
        width = WIDTHS[col.kind] if col.key not in ("problem", "measures", "result") else 40
        sheet.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    cells_as_text = text_cells(kind)
    header = []
    for text in ["序号", *(c.header for c in columns)]:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for n, row in enumerate(rows, 1):
        cells = [n]
        for col, as_text in zip(columns, cells_as_text, strict=True):
            value = row[col.key]
            if col.kind == "date" and isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)  # a real Excel date
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            elif col.kind == "int" and value is not None:
                cells.append(value)
            else:
                cells.append(_string_cell(sheet, as_text(row)))
        sheet.append(cells)
    book.save(path)


def _string_cell(sheet, text: str):
    """A text cell that stays text: openpyxl would store ``=…`` as a formula (and
    ``#N/A`` as an error), so such cells are typed as strings explicitly."""
    text = xlsx_text(text)
    if not (is_formula_like(text) or text.startswith("#")):
        return text  # openpyxl types a plain string as a string; no cell object needed
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = TYPE_STRING
    return cell
