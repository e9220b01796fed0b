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
        "plankg: a_empty.txt: empty file",
        "plankg: b_binary.txt: binary file, not a text document (convert PDF/DOCX to text first)",
        "plankg: c_english.txt: no Chinese text found; not a plan document",
        "plankg: d_prose.txt: no numbered tasks found (一、… （一）… 1.…); not a plan document",
        "plankg: g_huge.txt: file too large (50 MB; plans are under 20 MB)",
        "plankg: e_truncated.txt: warning: the last task ends mid-sentence (…行效率。（责任单位：市法);"
        " the document may be truncated",
        "plankg: e_truncated.txt: warning: task 3.3: a bracket opened in its text is never closed",
        "plankg: f_unbalanced.txt: warning: task 1.1: a bracket opened in its text is never closed",
    ]
    assert result.stdout.startswith("3 added, 0 replaced, 0 unchanged, 5 failed; store holds 3 plans, 22 tasks")


def test_a_missing_path_and_an_unreadable_store_are_one_line_errors(tmp_path: Path):
    result = _run("load", str(tmp_path / "nope.txt"), store=tmp_path / "g.json")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"plankg: {tmp_path / 'nope.txt'}: no such file or folder"
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = _run("load", str(GOOD), store=broken)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"plankg: {broken}: cannot read the store")
    assert len(result.stderr.strip().splitlines()) == 1
