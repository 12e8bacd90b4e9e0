"""rectify attach and rectify attachment save|list (issue 18): the photo of the 公示栏 kept
with the item that the 座谈会 raised, checked by log verify, carried by backups and by
export all, and written back byte for byte."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from tests.helpers import fails, ok, run

PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40  # a JPEG's first bytes, then anything
SIGNED = b"%PDF-1.4 \xe7\xad\xbe\xe5\x88\xb0\xe8\xa1\xa8"


@pytest.fixture
def item(tmp_path):
    """The 座谈会's item (校务公开) and two evidence files beside the test."""
    ok("unit", "add", "校长室")
    args = ["rectify", "add", "--problem", "校务公开不及时", "--unit", "校长室"]
    ok(*args, "--owner", "张校长", "--due", "2010-10-31", "--date", "2010-09-07")
    (tmp_path / "照片").mkdir()
    (tmp_path / "照片" / "公示栏.jpg").write_bytes(PHOTO)
    (tmp_path / "签到表.pdf").write_bytes(SIGNED)
    return tmp_path


def _attached() -> list[dict]:
    return ok("rectify", "show", "1", "--json").json()["attachments"]


def test_files_are_kept_listed_in_show_and_in_the_trail(item):
    added = ok(
        "rectify", "attach", "1", str(item / "照片" / "公示栏.jpg"), str(item / "签到表.pdf")
    )
    assert added.out.split() == ["1", "2"]
    assert "已为整改事项 1 添加附件：公示栏.jpg（附件 1）、签到表.pdf（附件 2）" in added.err
    shown = _attached()
    at = shown[0]["at"]
    assert at.startswith("2010-09-15T")  # the day is DANGQUN_TODAY's, as every action's
    assert shown == [
        {
            "id": 1,
            "name": "公示栏.jpg",  # the base name: no folders
            "size": len(PHOTO),
            "sha256": hashlib.sha256(PHOTO).hexdigest(),
            "at": at,
            "by": "测试秘书",
        },
        {
            "id": 2,
            "name": "签到表.pdf",
            "size": len(SIGNED),
            "sha256": hashlib.sha256(SIGNED).hexdigest(),
            "at": at,
            "by": "测试秘书",
        },
    ]
    assert ok("rectify", "attachment", "list", "1", "--json").json() == shown
    (item / "新照片.jpg").write_bytes(b"new photo")
    added = ok("rectify", "attach", "1", str(item / "新照片.jpg"), "--json").json()
    assert [(a["id"], a["name"], a["size"]) for a in added] == [(3, "新照片.jpg", 9)]
    shown = _attached()[:2]
    page = ok("rectify", "show", "1").out
    assert "公示栏.jpg" in page and "10.0 KB" in page and shown[0]["sha256"][:12] in page
    assert "附件 2：签到表.pdf" in page  # in 整改经过 too
    # One audit entry for the command, naming the files by their hash and never their bytes.
    entry = ok("log", "--record", "item:1", "--json", "--limit", "2").json()[1]
    assert entry["action"] == "attach" and entry["before"]["attachments"] == []
    kept = entry["after"]["attachments"]
    assert [(a["id"], a["name"], a["sha256"], a["size"]) for a in kept] == [
        (a["id"], a["name"], a["sha256"], a["size"]) for a in shown
    ]
    assert "content" not in json.dumps(entry)
    assert "添加附件" in ok("log", "--record", "item:1").out
    assert ok("log", "verify", "--json").json()["ok"] is True


def test_a_file_is_written_back_byte_for_byte_by_the_output_rules(item, hermetic):
    ok("rectify", "attach", "1", str(item / "照片" / "公示栏.jpg"))
    out = item / "取回.jpg"
    saved = ok("rectify", "attachment", "save", "1", "--output", str(out))
    assert out.read_bytes() == PHOTO and "已保存附件 1（公示栏.jpg" in saved.err
    assert "已存在" in fails("rectify", "attachment", "save", "1", "--output", str(out))
    out.write_bytes(b"old")
    ok("rectify", "attachment", "save", "1", "--output", str(out), "--force")
    assert out.read_bytes() == PHOTO
    # Never the database, a folder, a device; - is standard output.
    if hermetic.path is not None:
        refused = fails("rectify", "attachment", "save", "1", "--output", str(hermetic.path))
        assert "正在使用的数据库" in refused
    assert "是一个目录" in fails("rectify", "attachment", "save", "1", "--output", str(item))
    refused = fails("rectify", "attachment", "save", "1", "--output", "/dev/null", "--force")
    assert "不是普通文件" in refused
    ok("rectify", "attach", "1", str(item / "签到表.pdf"))  # bytes that read as text here
    assert ok("rectify", "attachment", "save", "2", "--output", "-").out == SIGNED.decode()
    assert not [p for p in os.listdir(item) if p.startswith(".dangqun-")]  # no temporary left
    assert "没有编号为 9 的附件" in fails("rectify", "attachment", "save", "9", "--output", "x")


def test_what_is_no_file_to_attach_is_refused_and_nothing_is_added(item):
    photo, signed = str(item / "照片" / "公示栏.jpg"), str(item / "签到表.pdf")
    assert "没有编号为 9 的整改事项" in fails("rectify", "attach", "9", photo)
    missing = fails("rectify", "attach", "1", photo, str(item / "没有.jpg"))
    assert missing == f"错误：找不到文件：{item / '没有.jpg'}（请检查路径）"
    assert "是一个目录" in fails("rectify", "attach", "1", str(item / "照片"))
    assert "文件路径含有不可用的字符" in fails("rectify", "attach", "1", "a\x00b.jpg")
    assert "不是普通文件" in fails("rectify", "attach", "1", "/dev/null")
    (item / "空.txt").write_bytes(b"")
    assert "是空的" in fails("rectify", "attach", "1", str(item / "空.txt"))
    # 20 MB and one byte: refused from its size, without reading it (a sparse file).
    with open(item / "录像.mp4", "wb") as f:
        f.truncate(20 * 1024 * 1024 + 1)
    big = fails("rectify", "attach", "1", signed, str(item / "录像.mp4"))
    assert "超过附件 20 MB 的上限" in big
    os.chmod(signed, 0)
    if not os.access(signed, os.R_OK):  # root reads anything
        assert "无法读取文件" in fails("rectify", "attach", "1", photo, signed)
    os.chmod(signed, 0o644)
    (item / "a\nb.jpg").write_bytes(b"x")
    assert "控制字符 U+000A" in fails("rectify", "attach", "1", str(item / "a\nb.jpg"))
    assert fails("rectify", "attach", "1", code=2)  # no file at all: a usage error
    # All or nothing: the good files of a refused command were not kept either.
    assert _attached() == []
    ok("rectify", "attach", "1", photo)
    same = fails("rectify", "attach", "1", signed, photo)
    assert "已有内容相同的附件 1（公示栏.jpg）" in same
    assert "已有内容相同的附件" in fails("rectify", "attach", "1", signed, signed)
    assert [a["name"] for a in _attached()] == ["公示栏.jpg"]
    assert ok("log", "verify", "--json").json()["ok"] is True


def test_the_same_file_on_two_items_is_stored_once(item, hermetic):
    ok("rectify", "add", "--problem", "食堂公示", "--unit", "校长室", "--owner", "李", "--ongoing")
    photo = str(item / "照片" / "公示栏.jpg")
    ok("rectify", "attach", "1", photo)
    ok("rectify", "attach", "2", photo)
    assert hermetic.scalar("SELECT count(*) FROM attachment_blob") == 1
    assert hermetic.scalar("SELECT count(*) FROM attachment") == 2


def _tamper(hermetic, sha: str, how: str) -> None:
    if how == "delete":
        # PostgreSQL keeps the reference even for its superuser: the constraint goes first.
        drop = "ALTER TABLE attachment DROP CONSTRAINT fk_attachment_sha256_attachment_blob"
        first = [drop] if hermetic.path is None else []
        hermetic.execute(*first, f"DELETE FROM attachment_blob WHERE sha256 = '{sha}'")
    elif hermetic.path is not None:
        hermetic.execute(f"UPDATE attachment_blob SET content = X'FFD8' WHERE sha256 = '{sha}'")
    else:
        hermetic.execute(f"UPDATE attachment_blob SET content = '\\xffd8' WHERE sha256 = '{sha}'")


@pytest.mark.parametrize(
    ("how", "said"), [("edit", "与其 sha256 不符"), ("delete", "不见了（在 dangqun 之外被删除）")]
)
def test_a_file_changed_behind_dangquns_back_is_caught(item, hermetic, how, said):
    ok("rectify", "attach", "1", str(item / "照片" / "公示栏.jpg"), str(item / "签到表.pdf"))
    _tamper(hermetic, hashlib.sha256(PHOTO).hexdigest(), how)
    report = run("log", "verify", "--json")
    assert report.code == 1
    problems = report.json()["problems"]
    assert len(problems) == 1
    assert problems[0]["kind"] == "file" and problems[0]["record"] == "item:1"
    assert problems[0]["message"].startswith(f"整改事项 1 的附件 1（公示栏.jpg）的文件内容{said}")
    refused = fails("rectify", "attachment", "save", "1", "--output", str(item / "out.jpg"))
    assert "附件 1（公示栏.jpg）的文件内容" in refused and not (item / "out.jpg").exists()
    ok("rectify", "attachment", "save", "2", "--output", str(item / "out.pdf"))  # intact


def test_an_attachment_row_changed_behind_dangquns_back_is_caught(item, hermetic):
    ok("rectify", "attach", "1", str(item / "签到表.pdf"))
    hermetic.execute("UPDATE attachment SET name = '别的.pdf' WHERE id = 1")
    problems = run("log", "verify", "--json").json()["problems"]
    assert [p["record"] for p in problems] == ["item:1"]
    assert "附件" in problems[0]["message"]


def test_backup_and_restore_carry_the_files(item, tmp_path, new_database):
    ok("rectify", "attach", "1", str(item / "照片" / "公示栏.jpg"), str(item / "签到表.pdf"))
    before = _attached()
    ok("db", "backup", str(tmp_path / "备份.db"))
    restored = new_database()
    ok("--db", str(restored), "db", "restore", str(tmp_path / "备份.db"))
    assert ok("--db", str(restored), "rectify", "show", "1", "--json").json()["attachments"] == (
        before
    )
    out = tmp_path / "取回.pdf"
    ok("--db", str(restored), "rectify", "attachment", "save", "2", "--output", str(out))
    assert out.read_bytes() == SIGNED
    assert ok("--db", str(restored), "log", "verify", "--json").json()["ok"] is True


def test_export_all_and_import_carry_the_files(item, tmp_path, new_database):
    ok("rectify", "attach", "1", str(item / "照片" / "公示栏.jpg"))
    path = tmp_path / "台账.json"
    said = ok("export", "all", "--format", "json", "--output", str(path)).err
    assert "含 1 个附件的文件内容" in said
    data = json.loads(path.read_text(encoding="utf-8"))
    (blob,) = data["tables"]["attachment_blob"]
    assert blob["sha256"] == hashlib.sha256(PHOTO).hexdigest()
    restored = new_database()
    ok("--db", str(restored), "import", str(path))
    assert ok("--db", str(restored), "rectify", "show", "1", "--json").json()["attachments"] == (
        _attached()
    )
    out = tmp_path / "取回.jpg"
    ok("--db", str(restored), "rectify", "attachment", "save", "1", "--output", str(out))
    assert out.read_bytes() == PHOTO
    assert ok("--db", str(restored), "log", "verify", "--json").json()["ok"] is True


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda blob, row: blob.update(content="AAAA"), "文件内容与 sha256 不符"),
        (lambda blob, row: blob.update(content="不是base64"), "不是有效的 base64 文字"),
        (lambda blob, row: blob.update(content=7), "应是 base64 文字"),
        (lambda blob, row: row.update(size=3), "列 size：3 与文件的大小"),
        (lambda blob, row: row.update(sha256="0" * 64), "没有编号为 " + "0" * 64),
    ],
)
def test_a_ledger_with_broken_files_is_refused_and_nothing_written(
    item, tmp_path, new_database, change, said
):
    ok("rectify", "attach", "1", str(item / "签到表.pdf"))
    path = tmp_path / "台账.json"
    ok("export", "all", "--format", "json", "--output", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["tables"]["attachment_blob"][0], data["tables"]["attachment"][0])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    empty = new_database()
    assert said in fails("--db", str(empty), "import", str(path))
    assert ok("--db", str(empty), "rectify", "list", "--json").json() == []


def test_undo_takes_back_an_attach_and_a_deleted_item_comes_back_with_its_files(item, tmp_path):
    """Attachments and the rest of issue 18: undo of ``attach`` removes the files from the
    item; an item deleted with its files comes back with them, bytes intact."""
    photo = str(item / "照片" / "公示栏.jpg")
    ok("rectify", "attach", "1", photo)
    ok("undo", "--yes")
    assert _attached() == []
    ok("rectify", "attach", "1", photo, str(item / "签到表.pdf"))
    ok("rectify", "delete", "1", "--yes")
    assert ok("log", "verify", "--json").json()["ok"] is True
    ok("undo", "--yes")
    names = [a["name"] for a in _attached()]
    assert names == ["公示栏.jpg", "签到表.pdf"]
    out = tmp_path / "取回.jpg"
    ok("rectify", "attachment", "save", str(_attached()[0]["id"]), "--output", str(out))
    assert out.read_bytes() == PHOTO
    assert ok("log", "verify", "--json").json()["ok"] is True
