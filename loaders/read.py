"""Bytes → text (stage: read).

Plans arrive as UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM, GB18030/GBK,
Big5, in traditional characters, or as .docx / .html files (their text is extracted first, see
``loaders.formats``). We decode, refuse what is not text, and convert traditional to
simplified so that one vocabulary of numbering, chapters and units serves
every document. The text as decoded (before conversion) is kept for display.

A few bad bytes never cost the file: they are replaced with U+FFFD and named in a
warning (``RawDocument.warnings``, shown by ``plankg load``). Big5 bytes usually decode
as GB18030 too (into nonsense): when both decode, charset detection decides.
"""

from __future__ import annotations

import codecs
import hashlib
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from graph.errors import DocumentError
from loaders.formats import extract_text

__all__ = ["MAX_BYTES", "RawDocument", "decode", "decode_text", "read_bytes"]

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
    warnings: list[str] = field(default_factory=list)  # bad bytes replaced (Chinese + gloss)


#: Byte-order marks, longest first (a UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
#: Encodings of Chinese text tried when the bytes are no UTF-8: mainland, then Taiwan/Hong Kong.
_CHINESE = ("gb18030", "cp950")
#: Positions of bad bytes a warning lists.
_SHOWN = 5

_marks = threading.local()


def _mark(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: replace with U+FFFD and note where the bad bytes are."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _marks.found.append(exc.start)
    return "\ufffd", exc.end


codecs.register_error("plankg-mark", _mark)


def _decode_marking(data: bytes, encoding: str) -> tuple[str, list[int]]:
    """``data`` decoded with U+FFFD for each bad sequence, and the byte offsets of those."""
    _marks.found = []
    try:
        return data.decode(encoding, errors="plankg-mark"), _marks.found
    finally:
        _marks.found = []


def _few(errors: int, size: int) -> bool:
    """A few bad bytes (a cut last character, a damaged sector), not a file in another encoding."""
    return errors <= max(3, size // 100)


def _replaced_warning(positions: list[int], encoding: str) -> str:
    shown = "、".join(str(p) for p in positions[:_SHOWN]) + ("…" if len(positions) > _SHOWN else "")
    gloss = ", ".join(str(p) for p in positions[:_SHOWN]) + (", …" if len(positions) > _SHOWN else "")
    return (
        f"有 {len(positions)} 处字节无法按 {encoding} 解码，已替换为 �（字节位置 {shown}）"
        f" ({len(positions)} undecodable bytes replaced with U+FFFD at byte offsets {gloss})"
    )


def _chinese_choice(data: bytes, candidates: list[str]) -> str:
    """GB18030 or Big5 (cp950) when the bytes decode as both: Big5 text decodes as GB18030
    mojibake, so charset detection (language statistics) decides; GB18030 when it cannot."""
    if len(candidates) == 1:
        return candidates[0]
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "cp950"]).best()
    named = best.encoding.replace("_", "") if best is not None and best.encoding else ""
    if named in ("big5", "cp950") and "cp950" in candidates:
        return "cp950"
    return candidates[0]


def decode_text(data: bytes, source: str) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings): UTF-8/16/32 with a BOM, UTF-8, GB18030 or Big5, else what
    charset detection finds. A few bad bytes (a last character cut mid-sequence) are replaced
    with U+FFFD and their positions put in a warning: the file is kept, not refused."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text, bad = _decode_marking(data[len(bom) :], codec)
            return text, name, [_replaced_warning([p + len(bom) for p in bad], name)] if bad else []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    strict = []
    for enc in _CHINESE:
        try:
            data.decode(enc)
            strict.append(enc)
        except UnicodeDecodeError:
            pass
    if strict:
        enc = _chinese_choice(data, strict)
        return data.decode(enc), enc, []
    # a few bad bytes: UTF-8 first (bytes of another encoding break it everywhere), then Chinese
    text, bad = _decode_marking(data, "utf-8")
    if _few(len(bad), len(data)):
        return text, "utf-8", [_replaced_warning(bad, "utf-8")]
    decoded = {enc: _decode_marking(data, enc) for enc in _CHINESE}
    few = [enc for enc in _CHINESE if _few(len(decoded[enc][1]), len(data))]
    if few:
        enc = _chinese_choice(data, few) if len(few) > 1 else few[0]
        text, bad = decoded[enc]
        return text, enc, [_replaced_warning(bad, enc)]
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise DocumentError(source, "无法识别的文本编码，不是文本文件 (no known encoding decodes it)")
    try:
        return data.decode(best.encoding), best.encoding, []
    except (UnicodeDecodeError, LookupError) as exc:
        raise DocumentError(source, f"无法按 {best.encoding} 解码 (cannot decode: {exc})") from exc


def decode(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding) as :func:`decode_text` reads them (its warnings left out)."""
    text, encoding, _ = decode_text(data, source)
    return text, encoding


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


_BOM_PREFIXES = tuple(bom for bom, _, _ in _BOMS if bom != codecs.BOM_UTF8)  # UTF-16/32: NULs are text


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
    warnings: list[str] = []
    extracted = None if data.startswith(_BOM_PREFIXES) else extract_text(data, source)  # .docx, .html …
    if extracted is not None:
        decoded, encoding = extracted
    elif _looks_binary(data) and not data.startswith(_BOM_PREFIXES):
        raise DocumentError(source, "二进制文件，不是文本、Word 或网页文件 (binary file: convert it to text first)")
    else:
        decoded, encoding, warnings = decode_text(data, source)
    chinese = sum(1 for ch in decoded[:20000] if "\u4e00" <= ch <= "\u9fff")
    if chinese == 0:
        raise DocumentError(source, "没有中文内容，不是规划文件 (no Chinese text)")
    if chinese < 20:
        raise DocumentError(source, f"中文内容太少（{chinese} 字），不是规划文件 (too little text for a plan)")
    simplified = _t2s().convert(decoded)
    converted = simplified != decoded
    return RawDocument(
        source=source,
        text=simplified if converted else decoded,  # one string, not two equal ones
        decoded=decoded,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        converted=converted,
        warnings=warnings,
    )
