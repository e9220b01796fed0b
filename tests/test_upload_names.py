"""Upload names: a file is saved and known by a name that can never leave the upload folder,
and an upload that would replace a loaded plan asks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.upload import safe_upload_name
from graph.stores.networkx_store import NetworkXStore
from loaders.pipeline import load_paths

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "plans" / "002_4541fba75fe61fad.txt"


@pytest.mark.parametrize(
    ("printed", "saved"),
    [
        ("../../etc/passwd", "passwd"),
        ("..", "未命名.txt"),
        (".", "未命名.txt"),
        ("", "未命名.txt"),
        ("a\x00b.txt", "ab.txt"),
        ("C:\\Users\\x\\方案.docx", "方案.docx"),
        ("方案\n.txt", "方案.txt"),
    ],
)
def test_an_upload_name_never_leaves_its_folder(printed: str, saved: str) -> None:
    assert safe_upload_name(printed) == saved


def test_two_uploads_of_one_name_in_a_batch_keep_both() -> None:
    assert safe_upload_name("方案.txt", {"方案.txt"}) == "方案(2).txt"
    assert safe_upload_name("方案.txt", {"方案.txt", "方案(2).txt"}) == "方案(3).txt"


def test_an_upload_that_would_replace_a_loaded_plan_asks_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "graph.sqlite"
    monkeypatch.setenv("PLANKG_STORE", str(store))
    monkeypatch.setenv("PLANKG_DECISIONS", str(tmp_path / "decisions.yaml"))
    load_paths([PLAN], NetworkXStore(store), decisions=tmp_path / "decisions.yaml")
    at = AppTest.from_file(str(ROOT / "app_pages" / "upload.py"), default_timeout=30).run()
    changed = PLAN.read_bytes() + "\n（修订）\n".encode()
    at.file_uploader(key="upload_files").upload(PLAN.name, changed, "text/plain").run()
    assert [w.value for w in at.warning] == [f"以下文件与已载入的规划同名，载入将以新文件替换旧版本：{PLAN.name}"]
    assert not [b for b in at.button if b.key == "upload_go"]  # no load until it is confirmed
    at.checkbox(key="upload_replace_ok").check().run()
    assert [b.key for b in at.button if b.key == "upload_go"] == ["upload_go"]
