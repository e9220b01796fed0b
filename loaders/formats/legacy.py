"""Word 97–2003 (.doc) and WPS (.wps) files → .docx through LibreOffice (stage: read).

Both are OLE2 compound files that no maintained pure-Python reader handles.
When LibreOffice is installed (``soffice``; Debian: ``apt-get install
libreoffice-writer-nogui``) it converts the file headless, with a time limit
and a private user profile (so parallel loads and a running desktop
LibreOffice never share one); the .docx is then read like any other. Without
it, the message says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from graph.errors import DocumentError

__all__ = ["OLE_MAGIC", "SOFFICE_TIMEOUT", "convert_to_docx", "soffice"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Seconds one conversion may take.
SOFFICE_TIMEOUT = 60.0
_INSTALL = "apt-get install libreoffice-writer-nogui"


def soffice() -> str | None:
    """The LibreOffice binary, or None; ``$PLANKG_SOFFICE`` overrides (an empty value: none)."""
    if "PLANKG_SOFFICE" in os.environ:
        return os.environ["PLANKG_SOFFICE"] or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, source: str, suffix: str = ".doc") -> bytes:
    """The .docx LibreOffice makes of an OLE2 Word/WPS file."""
    binary = soffice()
    if binary is None:
        raise DocumentError(
            source,
            f"Word 97–2003 / WPS 文件需要 LibreOffice 转换，请安装：{_INSTALL}（或另存为 .docx）"
            " (.doc/.wps need LibreOffice: install libreoffice-writer-nogui, or save as .docx)",
        )
    with tempfile.TemporaryDirectory(prefix="plankg-soffice-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        profile = Path(tmp) / "profile"
        cmd = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(src),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise DocumentError(
                source, f"LibreOffice 转换超时（{SOFFICE_TIMEOUT:.0f} 秒）(conversion timed out)"
            ) from exc
        except OSError as exc:
            raise DocumentError(source, f"无法运行 LibreOffice：{exc} (cannot run soffice)") from exc
        produced = out / "input.docx"
        if not produced.exists():
            raise DocumentError(source, "LibreOffice 无法转换此文件，文件可能已损坏 (LibreOffice could not convert it)")
        return produced.read_bytes()
