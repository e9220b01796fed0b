"""Bytes → text: nothing lost for a few bad bytes, every Chinese encoding plans come in."""

from __future__ import annotations

import opencc
import pytest

from loaders.read import read_bytes
from tests.outline_view import CORPUS

TEXT = CORPUS[1].read_text(encoding="utf-8")  # 荣成's work programme


def test_big5_is_read_as_big5_not_as_gb18030_mojibake():
    traditional = opencc.OpenCC("s2t").convert(TEXT)
    data = traditional.encode("big5", errors="replace")
    data.decode("gb18030")  # the trap: Big5 bytes decode as GB18030 too, into nonsense
    raw = read_bytes(data, "big5.txt")
    assert raw.encoding == "cp950"
    assert raw.converted and raw.decoded.startswith(traditional.split("\n", 1)[0])
    assert "荣成市人民政府" in raw.text and "知识产权" in raw.text
    assert raw.warnings == []


def test_gb18030_stays_gb18030():
    raw = read_bytes(TEXT.encode("gb18030"), "gb.txt")
    assert raw.encoding == "gb18030" and raw.text == TEXT and raw.warnings == []


@pytest.mark.parametrize(
    ("codec", "name"), [("utf-16", "utf-16"), ("utf-16-be", "utf-16"), ("utf-32", "utf-32"), ("utf-32-be", "utf-32")]
)
def test_utf16_and_utf32_with_a_bom_are_read(codec: str, name: str):
    data = TEXT.encode(codec)
    if not codec.endswith(("16", "32")):
        data = ("\ufeff" + TEXT).encode(codec)
    raw = read_bytes(data, "wide.txt")
    assert raw.encoding == name and raw.text == TEXT and raw.warnings == []


def test_a_last_character_cut_mid_sequence_loads_with_a_warning():
    data = TEXT.encode("utf-8")
    cut = data[: len(data) - 1]  # the last character (。) loses its last byte
    raw = read_bytes(cut, "cut.txt")
    assert raw.encoding == "utf-8"
    assert raw.text == TEXT[:-1] + "\ufffd"
    assert raw.warnings == [
        f"有 1 处字节无法按 utf-8 解码，已替换为 �（字节位置 {len(data) - 3}）"
        f" (1 undecodable bytes replaced with U+FFFD at byte offsets {len(data) - 3})"
    ]


def test_a_few_bad_bytes_are_replaced_and_their_positions_named():
    data = bytearray(TEXT.encode("utf-8"))
    data[10] = 0xFF
    data[500] = 0xC0
    raw = read_bytes(bytes(data), "bad.txt")
    assert raw.encoding == "utf-8" and raw.text.count("\ufffd") >= 2
    assert len(raw.warnings) == 1
    offsets = raw.warnings[0].split("byte offsets ")[1].rstrip(")").split(", ")
    assert "10" in offsets and "500" in offsets  # the bad bytes (and the cut characters around them)
    assert "、10、" in raw.warnings[0] or "（字节位置 10" in raw.warnings[0]
    assert len(raw.text) > len(TEXT) * 0.95  # the file is kept, not refused


def test_a_few_bad_bytes_in_gb18030_are_replaced():
    data = bytearray(TEXT.encode("gb18030"))
    data[41] = 0xFF
    raw = read_bytes(bytes(data), "gbbad.txt")
    assert raw.encoding == "gb18030" and raw.warnings and "gb18030" in raw.warnings[0]
    assert raw.text.endswith(TEXT[-20:])


def test_a_bad_utf8_bom_file_loads_too():
    data = b"\xef\xbb\xbf" + TEXT.encode("utf-8")[:-1]
    raw = read_bytes(data, "bom.txt")
    assert raw.encoding == "utf-8-sig" and raw.warnings


def test_many_bad_bytes_are_still_refused_as_no_text():
    from graph.errors import DocumentError

    data = bytes(range(0x80, 0x100)) * 200  # no encoding of Chinese reads this
    with pytest.raises(DocumentError):
        read_bytes(data, "noise.txt")
