"""What Streamlit itself shows a user, in Chinese or out of the way.

``.streamlit/config.toml`` removes the developer menu and the "Deploy" button
(``client.toolbarMode = "minimal"``); what is left of Streamlit's own English — the
file uploader's "Drag and drop files here / Limit 200MB per file / Browse files" — is
replaced here by CSS, since Streamlit has no setting for those words. Widgets get
Chinese placeholders where they are made. The print rules hide the sidebar, the
header and every widget, and let the page grow so that every row is printed.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["CSS", "apply"]

CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "把文件拖到这里，或点“选择文件”；每个文件不超过 20 MB（.txt、.docx、.html）";
  font-size: 0.875rem;
}
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]::after {
  content: "选择文件"; font-size: 0.875rem;
}
[data-testid="stDecoration"] { display: none; }
.plankg-table {
  max-height: 30rem; overflow: auto; border: 1px solid rgba(49, 51, 63, 0.15); border-radius: 0.5rem;
}
.plankg-table table { width: 100%; border-collapse: collapse; font-size: 0.875rem; margin: 0; }
.plankg-table th {
  position: sticky; top: 0; background: #f0f2f6; font-weight: 600; text-align: left; white-space: nowrap;
}
.plankg-table th, .plankg-table td {
  padding: 0.3rem 0.6rem; border: none; border-bottom: 1px solid rgba(49, 51, 63, 0.1); vertical-align: top;
}
.plankg-table td.n { white-space: nowrap; }
.plankg-table tbody tr:hover { background: #f7f8fa; }
.plankg-bars { font-size: 0.8rem; margin: 0.25rem 0 1rem 0; }
.plankg-bars .bar { display: flex; align-items: center; gap: 0.5rem; margin: 0.2rem 0; }
.plankg-bars .name {
  flex: 0 0 20rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; text-align: right;
}
.plankg-bars .track { flex: 1; display: flex; align-items: center; }
.plankg-bars .seg {
  display: inline-block; height: 1.3rem; line-height: 1.3rem; color: #fff; text-align: center;
  overflow: hidden; min-width: 1px;
}
.plankg-bars .total { margin-left: 0.4rem; color: #555; }
.plankg-bars .legend { display: flex; gap: 1rem; margin: 0.4rem 0 0 20.5rem; color: #333; }
.plankg-bars .legend i {
  display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: -0.1rem;
}
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stStatusWidget"],
  .st-key-print_controls, .no-print { display: none !important; }
  html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"], section.main, .main {
    overflow: visible !important; height: auto !important; max-height: none !important;
    position: static !important; display: block !important;
  }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; }
}
</style>
"""


def apply() -> None:
    """Send the style sheet (every page, every run; it takes no space)."""
    st.html(CSS)
