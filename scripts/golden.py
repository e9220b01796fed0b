"""Show (or, with --write, rewrite) the outline golden files against the loaders' output.

    .venv/bin/python scripts/golden.py          # print a diff per document
    .venv/bin/python scripts/golden.py --write  # rewrite after reviewing the diff by hand

Golden files live in tests/golden/outline/<source>.json: the plan's metadata
and every section and task (path, kind, title) in document order. They are
reviewed by hand against the document; never rewrite them unreviewed.
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.outline_view import CORPUS, GOLDEN, outline_of  # noqa: E402


def main() -> int:
    write = "--write" in sys.argv
    for path in CORPUS:
        golden = GOLDEN / f"{path.stem}.json"
        now = json.dumps(outline_of(path), ensure_ascii=False, indent=1) + "\n"
        old = golden.read_text(encoding="utf-8") if golden.exists() else ""
        if write:
            golden.write_text(now, encoding="utf-8")
        elif now != old:
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), now.splitlines(True), str(golden), "now"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
