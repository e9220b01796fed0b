"""Bad input gives a clear one-line message, never a traceback, and never costs the batch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.outline_view import CORPUS, ROOT

GOOD = CORPUS[0]  # 威海's implementation opinion


def _run(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLANKG_STORE": str(store)}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    good = GOOD.read_text(encoding="utf-8")
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "c_english.txt").write_text("Quarterly report\n1. Sales rose.\n" * 50, encoding="utf-8")
    (folder / "c2_short.txt").write_text("请各单位认真落实。", encoding="utf-8")
    (folder / "d_prose.txt").write_text("今天天气很好，我们去公园散步，看到很多人在锻炼身体。\n" * 30, encoding="utf-8")
    cut = good.index("（责任单位：市法") + len("（责任单位：市法")
    (folder / "e_truncated.txt").write_text(good[:cut], encoding="utf-8")
    unbalanced = (
        "某某市知识产权工作方案\n一、重点任务\n"
        "（一）加强保护。开展专项行动（责任单位：市市场监管局\n"
        "（二）强化运用。推动转化。（责任单位：市科技局）\n"
    )
    (folder / "f_unbalanced.txt").write_text(unbalanced, encoding="utf-8")
    with open(folder / "g_huge.txt", "wb") as fh:
        fh.write(("一、重点任务\n" * 10).encode("utf-8"))
        fh.truncate(50 * 1024 * 1024)
    (folder / "h_good.txt").write_text(good, encoding="utf-8")
    return folder


def test_a_bad_batch_loads_the_good_files_and_explains_each_bad_one(batch: Path, tmp_path: Path):
    result = _run("load", str(batch), store=tmp_path / "g.json")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "plankg: a_empty.txt: 空文件 (empty file)",
        "plankg: b_binary.txt: 二进制文件，不是文本、Word 或网页文件 (binary file: convert it to text first)",
        "plankg: c2_short.txt: 中文内容太少（8 字），不是规划文件 (too little text for a plan)",
        "plankg: c_english.txt: 没有中文内容，不是规划文件 (no Chinese text)",
        "plankg: d_prose.txt: 找不到编号任务（一、…（一）…1.…），不是规划文件 (no numbered tasks)",
        "plankg: g_huge.txt: 文件过大：50 MB，规划文件应小于 20 MB (file too large)",
        "plankg: e_truncated.txt: 提示 (warning): 最后一项任务在句中结束（…行效率。（责任单位：市法），"
        "文件可能不完整 (may be truncated)",
        "plankg: e_truncated.txt: 提示 (warning): 任务 3.3：括号未闭合 (unbalanced bracket)",
        "plankg: f_unbalanced.txt: 提示 (warning): 任务 1.1：括号未闭合 (unbalanced bracket)",
    ]
    assert result.stdout.startswith("3 added, 0 replaced, 0 unchanged, 6 failed; store holds 3 plans, 22 tasks")


def test_a_missing_path_and_an_unreadable_store_are_one_line_errors(tmp_path: Path):
    result = _run("load", str(tmp_path / "nope.txt"), store=tmp_path / "g.json")
    assert result.returncode == 1
    missing = tmp_path / "nope.txt"
    assert result.stderr.splitlines()[0] == f"plankg: {missing}: 文件或文件夹不存在 (no such file or folder)"
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = _run("load", str(GOOD), store=broken)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"plankg: {broken}: 无法读取图谱存储 (cannot read the store: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_store_that_cannot_be_created_is_a_one_line_error(tmp_path: Path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = _run("load", str(GOOD), store=blocker / "g.json")
    assert result.returncode == 2
    # a .json path names the embedded store's sibling .sqlite (docs/store.md)
    assert result.stderr == f"plankg: {blocker / 'g.sqlite'}: 无法写入图谱存储 (cannot write the store: File exists)\n"


def test_files_that_would_overwrite_each_other_are_refused_and_non_text_files_are_named(tmp_path: Path):
    folder = tmp_path / "docs"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    (folder / "a" / "plan.txt").write_bytes(CORPUS[0].read_bytes())
    (folder / "b" / "plan.txt").write_bytes(CORPUS[1].read_bytes())
    (folder / "copy.txt").write_bytes(CORPUS[0].read_bytes())
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0")  # (a .pdf is read since loaders/formats/pdf.py)
    (folder / "draft.docx").write_bytes(b"PK\x03\x04")
    result = _run("load", str(folder), store=tmp_path / "g.json")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "plankg: 跳过 1 个不是文本的文件（.jpg）：请先转成 .txt (skipped 1 files that are not text)",
        f"plankg: {folder / 'b' / 'plan.txt'}: 与 {folder / 'a' / 'plan.txt'} 同名，未载入"
        " (same file name as another in this batch)",
        "plankg: copy.txt: 内容与已载入的 plan.txt 相同，未重复载入 (same text as plan.txt)",
        "plankg: draft.docx: 不是可读取的 Word 文档 (not a readable .docx: File is not a zip file)",
    ]
    assert result.stdout.startswith("1 added, 0 replaced, 0 unchanged, 3 failed; store holds 1 plans")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[]", "不是 plankg 图谱存储，或版本不符；请删除后重新载入规划 (store format 'list', expected 1)"),
        ('{"format": 1, "plans": [{"id": "x"}]}', "图谱存储已损坏 (the store is damaged: "),
    ],
)
def test_a_store_file_of_the_wrong_shape_is_a_one_line_error(tmp_path: Path, content: str, reason: str):
    store = tmp_path / "g.json"
    store.write_text(content, encoding="utf-8")
    result = _run("tree", "003", store=store)
    assert result.returncode == 2
    assert result.stderr.startswith(f"plankg: {store}: {reason}")
    assert len(result.stderr.strip().splitlines()) == 1


# -- every class of bad input, in a batch with two good files --------------------------------
GOOD_TWO = (CORPUS[0], CORPUS[1])


def _fifo(d: Path) -> str:
    os.mkfifo(d / "pipe.txt")
    return "pipe.txt: 是命名管道（FIFO），不是普通文件，未读取 (a FIFO, not a regular file: not read)"


def _device(d: Path) -> str:
    (d / "zero.txt").symlink_to("/dev/zero")
    return "zero.txt: 是字符设备，不是普通文件，未读取 (a character device, not a regular file: not read)"


def _socket(d: Path) -> str:
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.bind(str(d / "sock.txt"))
    return "sock.txt: 是套接字，不是普通文件，未读取 (a socket, not a regular file: not read)"


def _dangling(d: Path) -> str:
    (d / "gone.txt").symlink_to(d / "nowhere.txt")
    return f"gone.txt: 符号链接指向的文件不存在（→ {d / 'nowhere.txt'}） (broken symbolic link)"


def _folder_link(d: Path) -> str:
    (d.parent / "elsewhere").mkdir(exist_ok=True)
    (d / "linked").symlink_to(d.parent / "elsewhere")
    return "linked: 是指向文件夹的符号链接，未展开；请直接给出该文件夹 (a link to a folder: give the folder itself)"


def _bad_bytes(d: Path) -> str:
    data = bytearray(CORPUS[2].read_bytes())
    data[200] = 0xFF
    (d / "bad_bytes.txt").write_bytes(bytes(data))
    return "bad_bytes.txt: 提示 (warning): 有 "


def _cut(d: Path) -> str:
    (d / "cut.txt").write_bytes(CORPUS[2].read_bytes().rstrip()[:-1])
    return "cut.txt: 提示 (warning): 有 1 处字节无法按 utf-8 解码"


def _big5(d: Path) -> str:
    import opencc

    text = opencc.OpenCC("s2t").convert(CORPUS[2].read_text(encoding="utf-8"))
    (d / "big5.txt").write_bytes(text.encode("big5", errors="replace"))
    return ""  # loads as a plan of its own, no line


def _utf16(d: Path) -> str:
    (d / "wide.txt").write_bytes(CORPUS[2].read_text(encoding="utf-8").encode("utf-16"))
    return ""


def _folder_named_txt(d: Path) -> str:
    (d / "x.txt").mkdir()
    (d / "x.txt" / "inner.txt").write_bytes(CORPUS[2].read_bytes())
    return ""  # a folder is a folder, whatever its name: its plan is loaded


BAD_CLASSES = {
    # name: (make it, plans it adds besides the two good ones)
    "fifo": (_fifo, 0),
    "device": (_device, 0),
    "socket": (_socket, 0),
    "dangling symlink": (_dangling, 0),
    "link to a folder": (_folder_link, 0),
    "a few bad bytes": (_bad_bytes, 1),
    "last character cut": (_cut, 1),
    "big5": (_big5, 1),
    "utf-16 with a bom": (_utf16, 1),
    "folder named x.txt": (_folder_named_txt, 1),
}


def _run_timed(*args: str, store: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PLANKG_STORE": str(store), **(env or {})}
    return subprocess.run(  # a hang is a failure: the timeout raises
        [sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120
    )


def _two_good(folder: Path) -> None:
    for i, path in enumerate(GOOD_TWO):
        (folder / f"good{i}.txt").write_bytes(path.read_bytes())


@pytest.mark.parametrize("kind", list(BAD_CLASSES))
def test_each_bad_input_in_a_folder_is_named_and_costs_no_good_file(kind: str, tmp_path: Path):
    folder = tmp_path / "batch"
    folder.mkdir()
    _two_good(folder)
    make, extra = BAD_CLASSES[kind]
    line = make(folder)
    result = _run_timed("load", str(folder), store=tmp_path / "g.json")
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    assert result.stdout.startswith(f"{2 + extra} added, "), result.stdout + result.stderr
    if line:  # named, never skipped in silence
        assert any(ln.startswith(f"plankg: {line}") for ln in result.stderr.splitlines()), result.stderr
    failed = 0 if extra else 1
    assert f" {failed} failed;" in result.stdout
    assert result.returncode == (1 if failed else 0)


@pytest.mark.parametrize("kind", ["fifo", "device", "socket", "dangling symlink"])
def test_each_bad_path_on_the_command_line_is_one_line_and_never_opened(kind: str, tmp_path: Path):
    folder = tmp_path / "batch"
    folder.mkdir()
    _two_good(folder)
    BAD_CLASSES[kind][0](folder)
    bad = next(p for p in folder.iterdir() if not p.name.startswith("good"))
    result = _run_timed(
        "load", str(bad), str(folder / "good0.txt"), str(folder / "good1.txt"), store=tmp_path / "g.json"
    )
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"plankg: {bad}: "), result.stderr
    assert result.stdout.startswith("2 added, ") and " 1 failed;" in result.stdout
    assert result.returncode == 1


def test_an_empty_folder_named_like_a_file_is_one_line(tmp_path: Path):
    empty = tmp_path / "x.txt"
    empty.mkdir()
    result = _run_timed("load", str(empty), str(GOOD), store=tmp_path / "g.json")
    assert result.stderr.splitlines() == [
        f"plankg: {empty}: 文件夹中没有文件，未载入任何内容 (an empty folder: nothing to load)"
    ]
    assert result.stdout.startswith("1 added, ")


def test_a_password_in_a_store_uri_never_reaches_a_message(tmp_path: Path):
    result = _run_timed("--store", "neo4j://neo4j:s3cret-pw@127.0.0.1:9", "tree", "003", store=tmp_path / "g.json")
    assert result.returncode == 2
    assert "s3cret-pw" not in result.stderr + result.stdout
    assert "neo4j://neo4j:***@127.0.0.1:9" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
