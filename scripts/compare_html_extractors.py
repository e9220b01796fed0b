"""readability-lxml vs trafilatura on the saved pages of tests/files/ (the table in tests/files/README.md).

For each page: is every paragraph of the plan's source text in the extracted main content, which
furniture strings (navigation, breadcrumb, share buttons, footer) got in, and does the 任务分工表
keep its cells (a row's cells still in one table row, merged cells once). trafilatura is asked
for HTML output (``output_format="html"``, tables included) so both give markup that
loaders.formats.html reads the same way. Run: .venv/bin/python scripts/compare_html_extractors.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.formats.html import _lines, _walk  # noqa: E402

FURNITURE = ["当前位置", "首页", "政务公开", "国务院", "长者模式", "无障碍浏览", "微信", "微博", "QQ空间", "扫一扫",
             "关闭", "主办单位", "闽ICP备", "网站标识码", "版权所有", "索引号", "时间：", "文字解读", "附件下载"]  # fmt: skip  # noqa: E501
PAGES = {
    "xihu_action_plan.html": "tests/docs/outline/xihu_district_action_plan.txt",
    "xihu_protection.html": "tests/docs/units/xihu_lead_support.txt",
    "wendeng_fengong.html": "tests/docs/annex/wendeng_docx_lead_support.txt",
}


def _readability(markup: str) -> str:
    from readability import Document

    return str(Document(markup).summary(html_partial=True))


def _trafilatura(markup: str) -> str:
    import trafilatura

    out = trafilatura.extract(markup, output_format="html", include_tables=True, include_comments=False,
                              favor_recall=False)  # fmt: skip
    return out or ""


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def main() -> None:
    for name, src in PAGES.items():
        markup = (ROOT / "tests/files" / name).read_text(encoding="utf-8")
        want = [ln.strip() for ln in (ROOT / src).read_text(encoding="utf-8").splitlines() if ln.strip()]
        want = [w for w in want if not w.startswith("\t") and len(w) > 4]
        cells = [ln.strip() for ln in (ROOT / src).read_text(encoding="utf-8").splitlines() if ln.startswith("\t")]
        for tool, fn in (("readability-lxml", _readability), ("trafilatura", _trafilatura)):
            main_html = fn(markup)
            lines = _lines(_walk(main_html))
            text = _squeeze("".join(lines))
            missing = [w for w in want if _squeeze(w) not in text]
            leaked = [f for f in FURNITURE if f in "".join(lines)]
            table_lines = [ln.strip() for ln in lines if ln.startswith("\t")]
            kept = cells and [c for c in cells if c] == table_lines
            print(f"{name:24} {tool:17} paragraphs missing {len(missing)}/{len(want)} {missing[:2]}"
                  f" | furniture {leaked} | table {'kept' if kept else ('—' if not cells else 'LOST')}"
                  f" {len(table_lines)}/{len([c for c in cells if c])} cells")  # fmt: skip


if __name__ == "__main__":
    main()
