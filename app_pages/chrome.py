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
