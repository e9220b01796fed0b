"""Load time and peak memory per MB of input, and what a bomb costs before it is refused.

    .venv/bin/python bench/memory.py [--mb 19]

Each case runs ``plankg load`` in a fresh process (peak RSS of the child from
``resource.getrusage``): a plan of about N MB (the built-in plans' text repeated — a
real document's shape, numbering intact, so every stage does real work), a .docx whose
document part inflates to 40 MB, and a zip of 1 GiB of zeros named .docx. Prints wall
time, peak RSS, and both per MB of input text.
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


def _child_load(path: Path, store: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS MB of that child alone — GNU time's %M —, last line it printed)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [TIME, "-f", "%M", sys.executable, "-m", "cli.main", "--store", str(store), "load", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    elapsed = time.perf_counter() - t0
    err = proc.stderr.strip().splitlines()
    peak_kb = int(err[-1]) if err and err[-1].isdigit() else 0
    lines = proc.stdout.strip().splitlines() or err[:-1] or [""]
    return elapsed, peak_kb / 1024, lines[-1][:110]


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
        big = _big_plan(folder, args.mb)
        text_mb = big.stat().st_size / 2**20
        secs, peak, last = _child_load(big, folder / "a.sqlite")
        store_mb = (folder / "a.sqlite").stat().st_size / 2**20 if (folder / "a.sqlite").exists() else 0.0
        print(f"plan of {text_mb:.1f} MB of text: {secs:.1f} s ({secs / text_mb:.1f} s/MB), peak RSS {peak:.0f} MB")
        print(f"  = {peak / text_mb:.1f}× the text; store {store_mb:.1f} MB = {store_mb / text_mb:.2f}× the text")
        print(f"  plankg: {last}")
        for name, path in (
            ("docx inflating to 40 MB", _inflating_docx(folder, 40)),
            ("1 GiB zip bomb", _zip_bomb(folder)),
        ):
            secs, peak, last = _child_load(path, folder / "b.sqlite")
            size = path.stat().st_size / 2**20
            print(f"{name} ({size:.1f} MB on disk): {secs:.2f} s, peak RSS {peak:.0f} MB")
            print(f"  plankg: {last}")


if __name__ == "__main__":
    main()
