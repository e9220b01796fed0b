"""plankg's Streamlit front end: which tasks does this bureau own?

This file only routes; each page is a module under ``app_pages/`` with a
``main()``. Run with ``streamlit run app.py`` (``make run``); the store is
``$PLANKG_STORE`` (or ``$NEO4J_URI``), else the default store file, and the
built-in corpus is loaded on first start.
"""

from __future__ import annotations

import streamlit as st

from graph.errors import PlankgError

st.set_page_config(page_title="规划责任单位知识图谱", page_icon=":material/account_tree:", layout="wide")

PAGES = [
    st.Page("app_pages/bureau.py", title="责任单位", icon=":material/badge:", default=True),
    st.Page("app_pages/plans.py", title="规划", icon=":material/account_tree:", url_path="plans"),
    st.Page("app_pages/indicators.py", title="指标", icon=":material/monitoring:", url_path="indicators"),
    st.Page("app_pages/cascade.py", title="传导", icon=":material/south:", url_path="cascade"),
    st.Page("app_pages/review.py", title="审核", icon=":material/fact_check:", url_path="review"),
    st.Page("app_pages/upload.py", title="上传", icon=":material/upload_file:", url_path="upload"),
]

try:
    st.navigation(PAGES).run()
except PlankgError as exc:  # a store that cannot be read or written, Neo4j down…: one clear line
    st.error(f"无法完成：{exc}", icon=":material/error:")
