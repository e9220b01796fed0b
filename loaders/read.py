"""Bytes → text (stage: read).

Plans arrive as UTF-8 (with or without BOM), GB18030/GBK, in traditional
characters, or as .docx / .html files (their text is extracted first, see
``loaders.formats``). We decode, refuse what is not text, and convert traditional to
simplified so that one vocabulary of numbering, chapters and units serves
every document. The text as decoded (before conversion) is kept for display.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from graph.errors import DocumentError
from loaders.formats import extract_text

__all__ = ["MAX_BYTES", "RawDocument", "decode", "read_bytes"]

#: Largest document we accept; real plans are well under 1 MB.
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class RawDocument:
    """A decoded document: ``text`` is simplified Chinese, ``decoded`` as found."""

    source: str
    text: str
    decoded: str
    encoding: str
    sha256: str
    converted: bool


def decode(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), else GB18030, else what charset detection finds."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise DocumentError(source, "无法识别的文本编码，不是文本文件 (no known encoding decodes it)")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise DocumentError(source, f"无法按 {best.encoding} 解码 (cannot decode: {exc})") from exc


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) // 20


def read_bytes(data: bytes, source: str) -> RawDocument:
    """Decode ``data``; raise :class:`DocumentError` with a one-line reason if it is no text."""
    if not data.strip():
        raise DocumentError(source, "空文件 (empty file)")
    if len(data) > MAX_BYTES:
        raise DocumentError(
            source, f"文件过大：{len(data) / 2**20:.0f} MB，规划文件应小于 {MAX_BYTES // 2**20} MB (file too large)"
        )
    extracted = extract_text(data, source)  # .docx and .html are read as they are
    if extracted is not None:
        decoded, encoding = extracted
    elif _looks_binary(data):
        raise DocumentError(source, "二进制文件，不是文本、Word 或网页文件 (binary file: convert it to text first)")
    else:
        decoded, encoding = decode(data, source)
    chinese = sum(1 for ch in decoded[:20000] if "\u4e00" <= ch <= "\u9fff")
    if chinese == 0:
        raise DocumentError(source, "没有中文内容，不是规划文件 (no Chinese text)")
    if chinese < 20:
        raise DocumentError(source, f"中文内容太少（{chinese} 字），不是规划文件 (too little text for a plan)")
    simplified = _t2s().convert(decoded)
    return RawDocument(
        source=source,
        text=simplified,
        decoded=decoded,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        converted=simplified != decoded,
    )
