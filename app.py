"""plankg's Streamlit front end: which tasks does this bureau own?

This file only routes; each page is a module under ``app_pages/`` with a
``main()``. Run with ``streamlit run app.py`` (``make run``); the store is
``$PLANKG_STORE`` (or ``$NEO4J_URI``), else the default store file, and the
built-in corpus is loaded on first start. ``.streamlit/config.toml`` binds the
server to 127.0.0.1; pages that change the graph need a login when one is
configured (``app_pages/auth.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

from app_pages import auth, chrome
from graph.errors import PlankgError

# the favicon is a file the app serves itself: a :material/…: page icon is fetched from fonts.gstatic.com
ICON = Path(__file__).resolve().parent / "app_pages" / "icon.png"
# Streamlit reads an image file with numpy and PIL (0.2 s to import in a fresh process): until
# they are imported — a fresh process's first page — an emoji the browser draws itself (a data:
# URL, no request) stands in, and the file follows once the page is out. Every run sets an icon:
# with none, Streamlit shows the page's :material/…: icon, fetched from fonts.gstatic.com.
EARLY_ICON = str(ICON) if {"numpy", "PIL"} <= sys.modules.keys() else "📋"
st.set_page_config(page_title="规划责任单位知识图谱", page_icon=EARLY_ICON, layout="wide")
chrome.apply()

PAGES = [
    st.Page("app_pages/bureau.py", title="责任单位", icon=":material/badge:", default=True),
    st.Page("app_pages/overview.py", title="总览", icon=":material/table_view:", url_path="overview"),
    st.Page("app_pages/search_page.py", title="搜索", icon=":material/search:", url_path="search"),
    st.Page("app_pages/plans.py", title="规划", icon=":material/account_tree:", url_path="plans"),
    st.Page("app_pages/indicators.py", title="指标", icon=":material/monitoring:", url_path="indicators"),
    st.Page("app_pages/cascade.py", title="传导", icon=":material/south:", url_path="cascade"),
    st.Page("app_pages/ledger.py", title="台账", icon=":material/assignment_turned_in:", url_path="ledger"),
    st.Page("app_pages/print_view.py", title="打印", icon=":material/print:", url_path="print"),
    st.Page("app_pages/review.py", title="审核", icon=":material/fact_check:", url_path="review"),
    st.Page("app_pages/upload.py", title="上传", icon=":material/upload_file:", url_path="upload"),
]

try:
    auth.login_box()
    st.navigation(PAGES).run()
except PlankgError as exc:  # a store that cannot be read or written, Neo4j down…: one clear line
    st.error(f"无法完成：{exc}", icon=":material/error:")
if str(ICON) != EARLY_ICON:  # page config calls add up: this one sets the icon only
    st.set_page_config(page_icon=str(ICON))
