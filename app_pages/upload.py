"""上传: add a plan document to the graph.

The file is saved under its own name in a temporary folder and loaded like
any other (``loaders.pipeline.load_paths``): the same name with new content
replaces the old version; the same content again changes nothing. A file
that is not a readable plan is refused with the loader's one-line reason and
leaves the graph untouched.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from app_pages import common
from app_pages.labels import LEVEL_LABELS, label, period_label

__all__ = ["main"]


def _save_uploads(files: list[UploadedFile], folder: Path) -> list[Path]:
    paths = []
    for f in files:
        path = folder / (Path(f.name).name or "未命名.txt")
        path.write_bytes(f.getvalue())
        paths.append(path)
    return paths


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
        "上传规划、实施意见、行动方案等文件：.txt（UTF-8 或 GBK 编码）、.docx 或 .html；"
        "PDF 请先转成文本。同名文件再次上传会替换旧版本。"
    )
    h = common.ready_store()
    files = st.file_uploader("选择文件", accept_multiple_files=True, key="upload_files")
    if files and st.button("载入知识图谱", type="primary", key="upload_go"):
        with tempfile.TemporaryDirectory(prefix="plankg-upload-") as tmp:
            paths = _save_uploads(list(files), Path(tmp))
            with st.spinner("正在解析并重建知识图谱…"):
                report = common.load_files(h, paths)
        for source in report.added:
            st.success(f"已新增：{source}")
        for source in report.replaced:
            st.success(f"已替换为新版本：{source}")
        for source in report.unchanged:
            st.info(f"内容未变化，无需更新：{source}")
        for _source, reason in report.failed:
            st.error(f"无法载入：{reason}")
    _loaded_table(h)


if __name__ == "__main__":
    main()
