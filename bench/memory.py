"""Load time and peak memory per MB of input, and what a bomb costs before it is refused.

    .venv/bin/python bench/memory.py [--mb 19]

Each case runs ``plankg load`` in a fresh process (peak RSS of that child, GNU time's
``%M``): a plan of about N MB (the built-in plans' text repeated — a real document's
shape, numbering intact, so every stage does real work), a .docx whose document part
inflates to 40 MB, and a zip of 1 GiB of zeros named .docx. Prints wall time, the child's
CPU time (user + sys: wall time moves with whatever else the machine runs), peak RSS,
and both per MB of input text — the whole process's peak over the file's size in bytes,
interpreter and data files included; the program alone (one small built-in plan) is
printed for scale. The big plan repeats its text, which compresses far better than a real
plan, so the store is also measured on the real documents: the built-in plans and the
development corpus (``tests/corpus/docs``), loaded together.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "data" / "plans").glob("*.txt"))
TIME = "/usr/bin/time"  # GNU time (Debian's `time` package), for one child's peak RSS


def _child_load(*paths: Path, store: Path) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS MB of that child alone — GNU time's %U %S %M —,
    last line it printed)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [TIME, "-f", "%U %S %M", sys.executable, "-m", "cli.main", "--store", str(store), "load", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    elapsed = time.perf_counter() - t0
    err = proc.stderr.strip().splitlines()
    fields = err[-1].split() if err else []
    cpu, peak_kb = (float(fields[0]) + float(fields[1]), int(fields[2])) if len(fields) == 3 else (0.0, 0)
    lines = proc.stdout.strip().splitlines() or err[:-1] or [""]
    return elapsed, cpu, peak_kb / 1024, lines[-1][:110]


def _store_mb(store: Path) -> float:
    """The store file and its write-ahead log, if one is left."""
    return sum(p.stat().st_size for p in (store, store.with_name(store.name + "-wal")) if p.exists()) / 2**20


def _big_plan(folder: Path, mb: float) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in PLANS]
    body = "\n".join(texts)
    reps = max(1, int(mb * 2**20 / len(body.encode("utf-8"))) + 1)
    path = folder / "big_plan.txt"
    path.write_text("\n".join([body] * reps), encoding="utf-8")
    return path


def _inflating_docx(folder: Path, mb: int) -> Path:
    para = "<w:p><w:r><w:t>" + "一" * 1000 + "</w:t></w:r></w:p>"
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        'wordprocessingml/2006/main"><w:body>' + para * (mb * 2**20 // len(para.encode())) + "</w:body></w:document>"
    )
    path = folder / "inflating.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", xml)
    return path


def _zip_bomb(folder: Path) -> Path:
    path = folder / "bomb.docx"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        chunk = b"\0" * 2**24
        for _ in range(64):  # 1 GiB of zeros, about 1 MB compressed
            member.write(chunk)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=19.0, help="size of the big plan in MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, _, alone, _ = _child_load(PLANS[0], store=folder / "s.sqlite")
        big = _big_plan(folder, args.mb)
        text_mb = big.stat().st_size / 2**20
        secs, cpu, peak, last = _child_load(big, store=folder / "a.sqlite")
        store_mb = _store_mb(folder / "a.sqlite")
        print(f"plan of {text_mb:.1f} MB of text: {secs:.1f} s ({secs / text_mb:.1f} s/MB), CPU {cpu:.1f} s,", end="")
        print(f" peak RSS {peak:.0f} MB (the program alone, one small plan: {alone:.0f} MB)")
        print(f"  = {peak / text_mb:.1f}× the text; store {store_mb:.1f} MB = {store_mb / text_mb:.2f}× the text")
        print(f"  plankg: {last}")
        real = [*PLANS, *sorted((ROOT / "tests" / "corpus" / "docs").glob("*.txt"))]
        real_mb = sum(p.stat().st_size for p in real) / 2**20
        secs, cpu, peak, last = _child_load(*real, store=folder / "r.sqlite")
        store_mb = _store_mb(folder / "r.sqlite")
        print(f"{len(real)} real plans, {real_mb:.2f} MB of text: store {store_mb:.2f} MB = {store_mb / real_mb:.2f}×")
        print(f"  the text ({secs:.1f} s, peak RSS {peak:.0f} MB); plankg: {last}")
        for name, path in (
            ("docx inflating to 40 MB", _inflating_docx(folder, 40)),
            ("1 GiB zip bomb", _zip_bomb(folder)),
        ):
            secs, _, peak, last = _child_load(path, store=folder / "b.sqlite")
            size = path.stat().st_size / 2**20
            print(f"{name} ({size:.1f} MB on disk): {secs:.2f} s, peak RSS {peak:.0f} MB")
            print(f"  plankg: {last}")


if __name__ == "__main__":
    main()
