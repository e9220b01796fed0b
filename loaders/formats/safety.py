"""Limits every archive and XML part is read under (stage: read).

A .docx or .ofd is a zip of XML parts. A hostile or broken one must cost one
line, never the batch: a zip bomb (a few KB that inflate to GBs), a billion
laughs (nested entities), an external entity (XXE, reading local files), a
document that takes minutes. So:

* every member's declared size, its compression ratio and the total declared
  size are checked before anything is inflated, and the bytes actually
  inflated are counted while reading (a member that inflates past its limit
  is refused mid-stream, whatever its header claims);
* XML is parsed with ``defusedxml``: no DTD, no entity declarations, no
  external references;
* a :class:`Budget` gives each document a time limit that the readers check
  between pages, parts and rows.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _defused_fromstring

from graph.errors import DocumentError

__all__ = [
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_SECONDS",
    "MAX_TOTAL_BYTES",
    "Budget",
    "SafeZip",
    "parse_xml",
]

#: Most members an archive may hold (a real .docx has ~20, an OFD of 100 pages ~300).
MAX_MEMBERS = 10_000
#: Largest member, inflated.
MAX_MEMBER_BYTES = 64 * 2**20
#: Largest total of all members read, inflated.
MAX_TOTAL_BYTES = 160 * 2**20
#: Largest compression ratio of a member bigger than 1 MB (XML compresses ~10:1; bombs 1000:1).
MAX_RATIO = 100
#: Time limit per document.
MAX_SECONDS = 60.0
_CHUNK = 1 << 16


class Budget:
    """A document's time limit; :meth:`check` raises once it is spent."""

    def __init__(self, source: str, seconds: float = MAX_SECONDS) -> None:
        self.source = source
        self.seconds = seconds
        self.start = time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self.start > self.seconds:
            raise DocumentError(
                self.source, f"读取超时（超过 {self.seconds:.0f} 秒），文件过大或过于复杂 (took too long to read)"
            )


class SafeZip:
    """A zip archive read under the size and ratio limits (see the module docstring)."""

    def __init__(self, data: bytes, source: str, what: str) -> None:
        self.source = source
        self.what = what
        self.read_total = 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise DocumentError(source, f"不是可读取的 {what} (not a readable {_EN[what]}: {exc})") from exc
        if len(infos) > MAX_MEMBERS:
            raise self._bomb(f"{len(infos)} 个成员 ({len(infos)} members)")
        declared = 0
        for info in infos:
            if info.file_size > MAX_MEMBER_BYTES:
                raise self._bomb(f"{info.filename} 解压后 {info.file_size // 2**20} MB")
            if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise self._bomb(f"{info.filename} 压缩比 {info.file_size // max(info.compress_size, 1)}:1")
            declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            raise self._bomb(f"解压后共 {declared // 2**20} MB")
        self.names = {info.filename.replace("\\", "/").lstrip("/"): info for info in infos if not info.is_dir()}

    def _bomb(self, detail: str) -> DocumentError:
        return DocumentError(self.source, f"压缩包异常（{detail}），疑似压缩炸弹，拒绝读取 (zip bomb refused)")

    def has(self, name: str) -> bool:
        return self.find(name) is not None

    def find(self, name: str) -> str | None:
        name = name.replace("\\", "/").lstrip("/")
        if name in self.names:
            return name
        folded = name.casefold()
        return next((n for n in self.names if n.casefold() == folded), None)

    def read(self, name: str) -> bytes:
        """One member's bytes, counted while inflating (never more than the limits)."""
        found = self.find(name)
        if found is None:
            raise DocumentError(self.source, f"不是可读取的 {self.what}：缺少 {name} (missing part {name})")
        info = self.names[found]
        limit = min(MAX_MEMBER_BYTES, info.file_size)
        out = bytearray()
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    out += chunk
                    self.read_total += len(chunk)
                    if len(out) > limit or self.read_total > MAX_TOTAL_BYTES:
                        raise self._bomb(f"{found} 解压后超过声明大小")
        except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, OSError) as exc:
            raise DocumentError(
                self.source, f"不是可读取的 {self.what}：{found} 损坏 (not a readable {_EN[self.what]}: {exc})"
            ) from exc
        return bytes(out)


_EN = {"Word 文档": ".docx", "OFD 文档": "OFD file"}


def parse_xml(data: bytes, source: str, part: str) -> Element:
    """An XML part parsed without DTDs, entities or external references."""
    try:
        root: Element = _defused_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise DocumentError(
            source, f"{part} 含 DTD 或实体声明（可能是 XML 炸弹或外部实体攻击），拒绝读取 (XML entities refused)"
        ) from exc
    except ParseError as exc:
        raise DocumentError(source, f"{part} 不是有效的 XML (invalid XML: {exc})") from exc
    return root
