"""上传: add a plan document to the graph.

The file is saved under its own name in a temporary folder and loaded like
any other (``loaders.pipeline.load_paths``), in a background thread
(``common.start_load``): the page shows the load's progress and then its
result, and every other session keeps answering meanwhile: the same name with new content
replaces the old version; the same content again changes nothing. A file
that is not a readable plan is refused with the loader's one-line reason and
leaves the graph untouched.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from app_pages import answers, auth, common
from app_pages.labels import LEVEL_LABELS, label, period_label

__all__ = ["main"]


def safe_upload_name(name: str, taken: set[str] | None = None) -> str:
    """The name an upload is saved and known by: its last path part (either slash), without
    control characters, never ``.``/``..`` or empty (then 未命名.txt), and not one already
    taken in the same batch (plan(2).txt). Tested in tests/test_upload_names.py."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().strip(".")
    if not base or set(base) <= {"."}:
        base = "未命名.txt"
    stem, dot, suffix = base.rpartition(".") if "." in base else (base, "", "")
    candidate, n = base, 1
    while taken is not None and candidate in taken:
        n += 1
        candidate = f"{stem}({n}){dot}{suffix}" if dot else f"{base}({n})"
    return candidate


def _save_uploads(files: list[UploadedFile], folder: Path) -> list[Path]:
    paths = []
    taken: set[str] = set()
    for f in files:
        name = safe_upload_name(f.name, taken)
        taken.add(name)
        path = folder / name
        path.write_bytes(f.getvalue())
        paths.append(path)
    return paths


_JOB_KEY = "upload_job"


@st.fragment(run_every=0.5)
def _progress(job_id: str) -> None:
    """The running load's progress, polled; the whole page reruns when it is done."""
    h = common.handle()
    running = common.job(h, job_id)
    if running is None:
        return
    if running.finished:
        st.rerun()
    share = running.done / running.total if running.total else 0.0
    now = f"：{running.current}" if running.current else ""
    st.progress(min(share, 1.0), text=f"正在解析并重建知识图谱（{running.done}/{running.total}）{now}…")
    st.caption("载入在后台进行，其他页面照常可用 (loading in the background)")


def _result(h: common.StoreHandle, done: common.LoadJob) -> None:
    """What the finished load did, one line per file (logged once)."""
    report = done.report
    if done.error is not None or report is None:
        st.error(f"无法载入：{done.error}")
        return
    if (report.added or report.replaced) and st.session_state.get(f"{_JOB_KEY}_logged") != done.id:
        st.session_state[f"{_JOB_KEY}_logged"] = done.id  # who wrote what, when (beside the store)
        answers.log(h, "upload", added=report.added, replaced=report.replaced)
    for source in report.added:
        st.success(f"已新增：{source}")
    for source in report.replaced:
        st.success(f"已替换为新版本：{source}")
    for source in report.unchanged:
        st.info(f"内容未变化，无需更新：{source}")
    for _source, reason in report.failed:
        st.error(f"无法载入：{reason}")


def _confirmed_replacements(h: common.StoreHandle, files: list[UploadedFile]) -> bool:
    """An upload named like a loaded plan, with other content, would replace it: say so and ask
    first (the same content again changes nothing, so it needs no asking)."""
    loaded = {p.source: p.sha256 for p in common.plans(h) if not p.stub}
    taken: set[str] = set()
    clash = []
    for f in files:
        name = safe_upload_name(f.name, taken)
        taken.add(name)
        if name in loaded and loaded[name] != hashlib.sha256(f.getvalue()).hexdigest():
            clash.append(name)
    if not clash:
        return True
    st.warning("以下文件与已载入的规划同名，载入将以新文件替换旧版本：" + "、".join(clash))
    return bool(st.checkbox("确认替换这些规划", key="upload_replace_ok"))


def _loaded_table(h: common.StoreHandle) -> None:
    loaded = [p for p in common.plans(h) if not p.stub]
    st.subheader(f"已载入的规划（{len(loaded)}）")
    frame = pd.DataFrame(
        [
            {
                "源文件": p.source,
                "规划": p.title,
                "层级": label(LEVEL_LABELS, p.level),
                "地区": p.region or "",
                "规划期": period_label(p.period_start, p.period_end),
                "文号": p.doc_no or "",
                "解析提示": "；".join(p.warnings),
            }
            for p in loaded
        ],
        columns=["源文件", "规划", "层级", "地区", "规划期", "文号", "解析提示"],
    )
    st.dataframe(frame, hide_index=True, width="stretch")


def main() -> None:
    """Render the page."""
    st.title("上传规划文件")
    st.caption(
        "上传规划、实施意见、行动方案等文件：.txt（UTF-8 或 GBK 编码）、.pdf、.ofd、.docx、.doc、.wps 或 .html；"
        "扫描件 PDF 请先做文字识别。同名文件再次上传会替换旧版本。"
    )
    h = common.ready_store()
    if not auth.require_editor():
        _loaded_table(h)
        return
    files = st.file_uploader("选择文件", accept_multiple_files=True, key="upload_files")
    running = common.job(h, st.session_state.get(_JOB_KEY))
    if running is not None and not running.finished:
        _progress(running.id)
    elif (
        files and _confirmed_replacements(h, list(files)) and st.button("载入知识图谱", type="primary", key="upload_go")
    ):
        tmp = Path(tempfile.mkdtemp(prefix="plankg-upload-"))
        paths = _save_uploads(list(files), tmp)
        started = common.start_load(h, paths, cleanup=lambda: shutil.rmtree(tmp, ignore_errors=True))
        st.session_state[_JOB_KEY] = started.id
        _progress(started.id)
    elif running is not None:
        _result(h, running)
    _loaded_table(h)


if __name__ == "__main__":
    main()
