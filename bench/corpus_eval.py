"""How well plankg reads the development corpus of real documents (tests/corpus/).

    .venv/bin/python bench/corpus_eval.py            # every document, then totals per split
    .venv/bin/python bench/corpus_eval.py --brief    # totals only
    .venv/bin/python bench/corpus_eval.py --json out.json   # per-document figures, machine-readable

Each document of ``tests/corpus/docs`` is loaded through the real pipeline
(parse, then units and cascade as ``plankg load`` does) and compared with its
gold (``tests/corpus/gold``, written by reading the text; see GOLD_GUIDE.md):

* task paths — precision and recall of the gold task paths;
* task→unit pairs — (path, canonical unit name) for named units, (path, printed
  text) for generic placeholders: precision, recall, F1;
* roles — of the gold pairs whose role the text prints (lead/support), the
  share found with that role (a unit that leads one part of a task and joins
  another holds the pair as lead);
* deadlines — of the gold tasks with a printed deadline, the share found with
  that text; and how many tasks got a deadline the gold does not have;
* metadata — the share of fields equal to the gold (title, kind, issuer, 文号,
  date, period, region, level).

Totals are printed for the ``dev`` split (documents the rules may have been
tuned on: in-sample) and the ``holdout`` split (never looked at while rules
were written: out-of-sample), as the INDEX says.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.errors import PlankgError  # noqa: E402
from loaders.clean import normalise_chars  # noqa: E402
from loaders.gazetteer import Gazetteer  # noqa: E402
from loaders.pipeline import build_graph, parse_document  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
META_FIELDS = ("title", "kind", "issuer", "doc_no", "issued_on", "period_start", "period_end", "region", "level")


@dataclass
class Score:
    """Counts for one document or a sum of documents."""

    docs: int = 0
    refused: int = 0
    path_tp: int = 0
    path_gold: int = 0
    path_found: int = 0
    pair_tp: int = 0
    pair_gold: int = 0
    pair_found: int = 0
    role_ok: int = 0
    role_gold: int = 0
    deadline_ok: int = 0
    deadline_gold: int = 0
    deadline_extra: int = 0
    meta_ok: int = 0
    meta_all: int = 0
    region_ok: int = 0  # region and level both right
    named_found: int = 0  # gold named units found by their printed text on their task
    named_right: int = 0  # … of which resolved to the gold canonical name
    resolve_ms: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            if name != "misses":
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float | int]:
        def ratio(a: float, b: float) -> float:
            return round(a / b, 3) if b else 1.0

        p, r = ratio(self.pair_tp, self.pair_found), ratio(self.pair_tp, self.pair_gold)
        return {
            "docs": self.docs,
            "refused": self.refused,
            "path_p": ratio(self.path_tp, self.path_found),
            "path_r": ratio(self.path_tp, self.path_gold),
            "pair_p": p,
            "pair_r": r,
            "pair_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "roles": ratio(self.role_ok, self.role_gold),
            "deadlines": ratio(self.deadline_ok, self.deadline_gold),
            "deadline_extra": self.deadline_extra,
            "meta": ratio(self.meta_ok, self.meta_all),
            "region": ratio(self.region_ok, self.docs - self.refused),
            "resolution": ratio(self.named_right, self.named_found),
            "resolve_ms_per_doc": round(self.resolve_ms / max(1, self.docs - self.refused), 2),
            "gold_tasks": self.path_gold,
            "gold_pairs": self.pair_gold,
        }


def set_corpus(path: Path) -> None:
    """Score another checkout's corpus (the landed code on today's gold: "as first obtained")."""
    global CORPUS
    CORPUS = path


def _squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _printed(s: str | None) -> str:
    """A deadline as printed, compared as the product shows it: spaces out, full-width digits and
    signs in their ASCII form (the clean stage's documented one-for-one normalisation)."""
    return normalise_chars(_squash(s))


def read_index() -> dict[str, str]:
    """Document id → split, from INDEX.md (and the per-slice tables under index/)."""
    split: dict[str, str] = {}
    for md in [CORPUS / "INDEX.md", *sorted((CORPUS / "index").glob("*.md"))]:
        if not md.exists():
            continue
        column = -1
        for line in md.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if "split" in cells:  # a table's header says which column holds the split
                column = cells.index("split")
            elif len(cells) > max(column, 1) and cells[column] in ("dev", "holdout"):
                split[cells[0].strip("` ")] = cells[column]
    return split


def _region_ok(gaz: Gazetteer, found: str | None, level: str | None, gold: dict[str, Any]) -> bool:
    path = gold.get("region_path") or []
    if not path:
        return level == "national"
    if found is None:
        return False
    region = gaz.get(found)
    names = [r.name for r in gaz.chain(region)] if region else [found]
    return path[-1] in names[0] or names[0].endswith(path[-1]) or path[-1].endswith(names[0])


def _unit_key(u: dict[str, Any]) -> str:
    return (_squash(u.get("printed")) if u.get("generic") else u.get("name")) or ""


_ROLE_RANK = {"responsible": 0, "support": 1, "lead": 2}


def _unique_units(task: dict[str, Any]) -> list[dict[str, Any]]:
    """A task's gold units, each pair once (a task whose run-in parts name one unit twice —
    牵头单位：区通管办 … 配合单位：…、通管办 — holds the pair once, as the graph does)."""
    seen: set[str] = set()
    out = []
    for u in task.get("units", []):
        key = _unit_key(u)
        if key not in seen:
            seen.add(key)
            out.append(u)
    return out


def score_document(doc_path: Path, gold: dict[str, Any], gaz: Gazetteer) -> Score:
    """Compare one document's extraction with its gold."""
    s = Score(docs=1)
    gold_tasks = gold.get("tasks", [])
    s.path_gold = len(gold_tasks)
    s.pair_gold = sum(len(_unique_units(t)) for t in gold_tasks)
    s.role_gold = sum(1 for t in gold_tasks for u in _unique_units(t) if u.get("role") in ("lead", "support"))
    s.deadline_gold = sum(1 for t in gold_tasks if t.get("deadline"))
    s.meta_all = len(META_FIELDS)
    try:
        doc = parse_document(doc_path.read_bytes(), doc_path.name)
    except PlankgError as exc:
        s.refused = 1
        s.misses.append(f"refused: {exc}")
        return s
    t0 = time.perf_counter()
    graph = build_graph([doc])
    s.resolve_ms = (time.perf_counter() - t0) * 1000
    plan = doc.plan
    meta = gold.get("metadata", {})
    for name in META_FIELDS:
        if name == "region":
            ok = _region_ok(gaz, plan.region, plan.level, meta)
        elif name in ("title", "issuer"):
            ok = _squash(getattr(plan, name)) == _squash(meta.get(name))
        else:
            ok = getattr(plan, name) == meta.get(name)
        s.meta_ok += ok
        if name == "region":
            s.region_ok += ok and plan.level == meta.get("level")
        if not ok:
            want = meta.get("region_path") if name == "region" else meta.get(name)
            s.misses.append(f"meta {name}: {getattr(plan, name)!r} ≠ gold {want!r}")
    found_tasks = {t.path: t for t in graph.tasks.values() if t.plan_id == plan.id}
    s.path_found = len(found_tasks)
    gold_paths = {t["path"] for t in gold_tasks}
    # Every numbered heading inside a task chapter is a task by the contract; gold may list
    # only the headings that carry work, so a found ancestor of a gold task is not an extra.
    ancestors = {p.rsplit(".", k)[0] for p in gold_paths for k in range(1, p.count(".") + 1)}
    found_tasks = {p: t for p, t in found_tasks.items() if p in gold_paths or p not in ancestors}
    s.path_found = len(found_tasks)
    s.path_tp = len(gold_paths & set(found_tasks))
    for p in sorted(gold_paths - set(found_tasks)):
        s.misses.append(f"task missed: {p}")
    for p in sorted(set(found_tasks) - gold_paths):
        s.misses.append(f"task extra: {p} {found_tasks[p].title[:20]}")

    def found_pairs(path: str) -> dict[str, str]:
        task = found_tasks.get(path)
        out: dict[str, str] = {}
        for m in task.mentions if task else []:
            unit = graph.units.get(m.unit_id or "")
            name = m.text if getattr(m, "generic", False) or unit is None else unit.name
            # one pair per unit and task: a stated role (牵头/配合) wins over none, and 牵头 over 配合 —
            # a unit that leads one part of a task and joins another leads it (as the gold is written)
            if _ROLE_RANK[m.role] > _ROLE_RANK[out.get(name, "responsible")] or name not in out:
                out[name] = m.role
        return out

    all_found = 0
    for path in found_tasks:
        all_found += len(found_pairs(path))
    s.pair_found = all_found
    for t in gold_tasks:
        got = found_pairs(t["path"])
        task = found_tasks.get(t["path"])
        printed = {m.text: graph.units.get(m.unit_id or "") for m in (task.mentions if task else [])}
        for u in t.get("units", []):
            if not u.get("generic") and u.get("printed") in printed:
                s.named_found += 1
                unit = printed[u["printed"]]
                s.named_right += unit is not None and unit.name == u.get("name")
        for u in _unique_units(t):
            key = _unit_key(u)
            role = got.get(key or "")
            if role is None:
                s.misses.append(f"unit missed: {t['path']} {key}")
                continue
            s.pair_tp += 1
            if u.get("role") in ("lead", "support"):
                s.role_ok += role == u["role"]
                if role != u["role"]:
                    s.misses.append(f"role: {t['path']} {key} {role} ≠ {u['role']}")
            elif role != "responsible":  # a role the text does not state: listed, not scored
                s.misses.append(f"role stated nowhere: {t['path']} {key} {role} ≠ responsible")
        gold_keys = {(_squash(u.get("printed")) if u.get("generic") else u.get("name")) for u in t.get("units", [])}
        for name in got:
            if name not in gold_keys:
                s.misses.append(f"unit extra: {t['path']} {name}")
        task = found_tasks.get(t["path"])
        if t.get("deadline"):
            if task is not None and _printed(task.deadline) == _printed(t["deadline"]):
                s.deadline_ok += 1
            else:
                s.misses.append(f"deadline: {t['path']} {task.deadline if task else None!r} ≠ {t['deadline']!r}")
        elif task is not None and task.deadline:
            s.deadline_extra += 1
    return s


def _line(name: str, f: dict[str, float | int]) -> str:
    return (
        f"{name:<34} tasks P {f['path_p']:.3f} R {f['path_r']:.3f}   units P {f['pair_p']:.3f} R {f['pair_r']:.3f}"
        f" F1 {f['pair_f1']:.3f}   roles {f['roles']:.3f}   deadlines {f['deadlines']:.3f}   meta {f['meta']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--brief", action="store_true", help="totals only")
    parser.add_argument("--misses", action="store_true", help="list every difference per document")
    parser.add_argument("--only", help="one document id")
    parser.add_argument("--json", type=Path, help="write per-document figures here")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder (docs/, gold/, INDEX.md)")
    args = parser.parse_args()
    set_corpus(args.corpus)
    split = read_index()
    gaz = Gazetteer.load()
    totals = {"dev": Score(), "holdout": Score(), "pending": Score()}
    per_doc: dict[str, Any] = {}
    for gold_file in sorted((CORPUS / "gold").glob("*.json")):
        doc_id = gold_file.stem
        if args.only and doc_id != args.only:
            continue
        docs = sorted((CORPUS / "docs").glob(doc_id + ".*"))
        if not docs:
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        s = score_document(docs[0], gold, gaz)
        part = split.get(doc_id, "pending")  # not in the INDEX yet: totals only, never listed
        totals[part].add(s)
        per_doc[doc_id] = {"split": part, **s.figures()}
        if not args.brief and part == "dev":
            print(_line(f"{doc_id} [{part[0]}]", s.figures()) + ("   REFUSED" if s.refused else ""))
        if args.misses and part == "dev":
            for miss in s.misses:
                print("    " + miss)
    print()
    for part, s in totals.items():
        if part == "pending" and not s.docs:
            continue  # every gold file is indexed: no third line of empty figures
        f = s.figures()
        label = {"dev": "in-sample (dev)", "holdout": "out-of-sample (holdout)", "pending": "not yet indexed"}[part]
        print(_line(f"{label}: {f['docs']} docs", f))
        print(
            f"{'':<34} refused {f['refused']}, gold tasks {f['gold_tasks']}, gold pairs {f['gold_pairs']},"
            f" deadlines not printed but found {f['deadline_extra']}"
        )
        print(
            f"{'':<34} region and level right {f['region']:.3f}; named units found by their printed text"
            f" resolved to the gold name {f['resolution']:.3f}; units + cascade {f['resolve_ms_per_doc']} ms/doc"
        )
    if args.json:
        args.json.write_text(json.dumps(per_doc, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
