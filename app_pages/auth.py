"""Who may change the graph: everyone on one's own machine; on a shared deployment,
only people who log in.

* Nothing configured (``make run`` on a coordinator's PC, bound to 127.0.0.1): every
  visitor may upload, review and remove; writes are logged as the OS user.
* ``PLANKG_EDITOR_PASSWORD`` set: anyone may read; uploading, reviewing and removing
  need the password (entered in the sidebar with one's name, which the log records).
* Streamlit's own OIDC login configured (``[auth]`` in ``.streamlit/secrets.toml``):
  ``st.login()``; editors are the logged-in users whose e-mail is in
  ``PLANKG_EDITORS`` (comma-separated), or every logged-in user when it is unset.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

from graph.audit import os_user

__all__ = ["can_edit", "login_box", "mode", "require_editor", "who"]

_OK = "auth_editor"
_NAME = "auth_name"


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def mode() -> str:
    """``open`` (no login), ``password`` or ``oidc``."""
    if _oidc_configured():
        return "oidc"
    if os.environ.get("PLANKG_EDITOR_PASSWORD"):
        return "password"
    return "open"


def can_edit() -> bool:
    """May this session upload, review and remove?"""
    m = mode()
    if m == "open":
        return True
    if m == "password":
        return bool(st.session_state.get(_OK))
    if not st.user.is_logged_in:
        return False
    editors = {e.strip().lower() for e in os.environ.get("PLANKG_EDITORS", "").split(",") if e.strip()}
    return not editors or str(st.user.get("email", "")).lower() in editors


def who() -> str:
    """The name the audit log records for this session's writes."""
    m = mode()
    if m == "password":
        return str(st.session_state.get(_NAME) or "编辑")
    if m == "oidc" and st.user.is_logged_in:
        return str(st.user.get("email") or st.user.get("name") or "用户")
    return os_user()


def login_box() -> None:
    """The sidebar's login/logout (nothing when no login is configured)."""
    m = mode()
    if m == "open":
        return
    with st.sidebar:
        if m == "oidc":
            if st.user.is_logged_in:
                st.caption(f"已登录：{who()}" + ("（可编辑）" if can_edit() else "（只读）"))
                st.button("退出登录", on_click=st.logout, key="auth_logout")
            else:
                st.button("登录", on_click=st.login, key="auth_login")
            return
        if st.session_state.get(_OK):
            st.caption(f"已登录：{who()}（可编辑）")
            if st.button("退出登录", key="auth_logout"):
                st.session_state[_OK] = False
                st.rerun()
            return
        with st.form("auth_form", border=False):
            st.caption("只读模式。上传、审核、移除需要登录。")
            name = st.text_input("姓名", key="auth_name_input")
            password = st.text_input("编辑口令", type="password", key="auth_password")
            if st.form_submit_button("登录"):
                expected = os.environ.get("PLANKG_EDITOR_PASSWORD", "")
                if hmac.compare_digest(password.encode(), expected.encode()):
                    st.session_state[_OK] = True
                    st.session_state[_NAME] = name.strip() or "编辑"
                    st.rerun()
                else:
                    st.error("口令不正确。")


def require_editor() -> bool:
    """True when the session may write; otherwise say so once and return False."""
    if can_edit():
        return True
    st.info("当前为只读模式：请先在左侧栏登录后再进行上传、审核或移除。", icon=":material/lock:")
    return False
