"""The supervision ledger (graph/ledger*.py, graph/plan_diff.py, cli/ledger.py).

Deadlines only where the text prints one; traffic lights with an injected "today"; the 台账
round trip (set progress for two bureaus, export the xlsx, edit it as a bureau would with
openpyxl, import it, find every change with its history); a malformed or foreign workbook is
one clear line and changes nothing; a plan loaded in two versions keeps the ledger of every
carried-over task, and the diff lists exactly the changes made to it by hand
(``tests/docs/ledger/001_2a4b5dd2cadd595a.txt`` is data/plans/001 with one task re-worded and
given a deadline, one task added, two re-numbered by it, one removed, one re-titled, one
owner added and one removed); concurrent writers lose nothing.
"""

from __future__ import annotations

import io
import threading
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from cli.main import main
from graph.errors import PlankgError
from graph.ledger import Ledger, LedgerError, light, open_ledger
from graph.ledger_store import SQLiteLedgerStore, ledger_path
from graph.ledger_xlsx import ID_HEADER, import_ledger_xlsx, ledger_csv, ledger_xlsx
from graph.plan_diff import diff_versions
from graph.stores import open_store
from graph.stores.base import GraphStore
from loaders.pipeline import load_paths, parse_document

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
V1 = PLANS / "001_2a4b5dd2cadd595a.txt"
V2 = ROOT / "tests" / "docs" / "ledger" / "001_2a4b5dd2cadd595a.txt"
AMR = "unit:荣成市市场监督管理局"
FIN = "unit:荣成市财政局"
NOW = datetime(2024, 3, 1, 9, 30)


def _clock() -> datetime:
    return NOW


@pytest.fixture
def store(tmp_path: Path) -> GraphStore:
    s = open_store(str(tmp_path / "graph.sqlite"))
    report = load_paths([V1], s)
    assert not report.failed
    return s


def _task(store: GraphStore, path: str) -> str:
    plan = next(p for p in store.plans() if p.source == V1.name)
    return f"{plan.id}/t/{path}"


# -- deadlines ------------------------------------------------------------------------------------
def test_no_body_task_of_the_yantai_three_year_plan_has_a_deadline() -> None:
    path = next(PLANS.glob("003_*.txt"))
    doc = parse_document(path.read_bytes(), path.name)
    body = [t for t in doc.tasks if t.kind != "annex_row"]
    assert len(body) > 30
    assert [t.path for t in body if t.deadline is not None] == []
    assert [t.path for t in body if t.due_date is not None] == []


@pytest.mark.parametrize("path", sorted(PLANS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_no_task_gets_a_deadline_its_text_does_not_print(path: Path) -> None:
    doc = parse_document(path.read_bytes(), path.name)
    for t in doc.tasks:
        if t.deadline is not None and t.kind != "annex_row":
            assert "".join(t.deadline.split()) in "".join(t.text.split()), t.path


def test_the_second_version_prints_one_deadline_and_it_is_read() -> None:
    doc = parse_document(V2.read_bytes(), V2.name)
    dated = {t.path: (t.deadline, t.due_date) for t in doc.tasks if t.deadline}
    assert dated == {"3.1.2": ("2023年底前", "2023-12-31")}


# -- lights ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "due", "today", "percent", "expected"),
    [
        ("推进中", "2024-12-31", date(2024, 1, 15), None, "green"),
        ("推进中", "2024-12-31", date(2024, 12, 1), None, "yellow"),  # due within 30 days
        ("推进中", "2024-12-31", date(2025, 1, 1), None, "red"),
        ("已完成", "2024-12-31", date(2025, 1, 1), None, "green"),
        ("暂缓", "2024-12-31", date(2025, 1, 1), None, "grey"),
        ("推进中", "", date(2025, 1, 1), None, "grey"),
        ("", "", date(2025, 1, 1), None, "grey"),
        ("滞后", "2024-12-31", date(2024, 3, 1), None, "yellow"),
        ("推进中", "2024-12-31", date(2024, 9, 1), 20, "yellow"),  # 67 % of the time, 20 % done
        ("推进中", "2024-12-31", date(2024, 9, 1), 70, "green"),
        ("", "2024-12-31", date(2024, 9, 1), None, "yellow"),  # never reported, most time gone
    ],
)
def test_lights(status: str, due: str, today: date, percent: int | None, expected: str) -> None:
    got, reason = light(status, due, today, percent=percent, period_start=date(2024, 1, 1))
    assert got == expected, reason


def test_warn_days_are_configurable() -> None:
    assert light("推进中", "2024-12-31", date(2024, 11, 1), warn_days=30)[0] == "green"
    assert light("推进中", "2024-12-31", date(2024, 11, 1), warn_days=90)[0] == "yellow"


# -- progress, history, the 台账 round trip ----------------------------------------------------------
def test_set_progress_appends_and_keeps_history(store: GraphStore) -> None:
    ledger = Ledger(store, clock=_clock)
    t = _task(store, "3.1.1")
    ledger.set_progress(t, AMR, "推进中", note="召开推进会", problems="资金不足", reported_by="张三")
    ledger.set_progress(t, AMR, "已完成")  # notes kept unless given
    hist = ledger.history(t, AMR)
    assert [(r.status, r.note, r.problems) for r in hist] == [
        ("推进中", "召开推进会", "资金不足"),
        ("已完成", "召开推进会", "资金不足"),
    ]
    assert hist[0].reported_by == "张三" and hist[0].recorded_at == "2024-03-01T09:30:00"
    row = next(r for r in ledger.rows(unit_ids=[AMR]) if r.task_id == t)
    assert (row.status, row.history, row.light) == ("已完成", 2, "green")
    with pytest.raises(LedgerError, match="状态"):
        ledger.set_progress(t, AMR, "差不多了")
    assert len(ledger.history(t, AMR)) == 2
    assert ledger_path(tmp := Path(str(store.path))) == tmp.with_name("graph.ledger.sqlite")  # type: ignore[attr-defined]


def _edit(data: bytes, edits: dict[str, dict[str, str]], extra: list[str] | None = None) -> bytes:
    """Change cells of rows (by hidden id) as a bureau does in Excel, optionally add a row without id."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = next(wb[n] for n in wb.sheetnames if n not in ("封面说明", "_plankg"))
    header = {c.value: c.column for c in ws[3]}
    for row in range(4, ws.max_row + 1):
        rid = ws.cell(row=row, column=header[ID_HEADER]).value
        for field, value in edits.get(str(rid), {}).items():
            ws.cell(row=row, column=header[field]).value = value
    if extra:
        r = ws.max_row + 1
        ws.cell(row=r, column=header["任务"]).value = extra[0]
        ws.cell(row=r, column=header["进展情况"]).value = extra[1]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_ledger_round_trip_through_the_xlsx(store: GraphStore) -> None:
    ledger = Ledger(store, clock=_clock)
    t1, t2, t3 = _task(store, "3.1.1"), _task(store, "3.2.2"), _task(store, "3.2.3")
    ledger.set_progress(t1, AMR, "推进中", note="已梳理重点企业")
    ledger.set_progress(t2, FIN, "未启动")
    key1, key2, key3 = ledger.key_of(t1), ledger.key_of(t2), ledger.key_of(t3)

    amr_rows = ledger.rows(unit_ids=[AMR])
    fin_rows = ledger.rows(unit_ids=[FIN])
    assert {r.unit_id for r in amr_rows} == {AMR} and {r.unit_id for r in fin_rows} == {FIN}
    amr_book = ledger_xlsx(amr_rows, "荣成市市场监督管理局督查督办台账", with_unit=False, now=NOW)
    fin_book = ledger_xlsx(fin_rows, "荣成市财政局督查督办台账", with_unit=False, now=NOW)
    # the printed layout
    ws = openpyxl.load_workbook(io.BytesIO(amr_book))["荣成市市场监督管理局督查督办台账"]
    assert [c.value for c in ws[3]] == [
        *("序号", "任务", "牵头单位", "配合单位", "完成时限", "进展情况", "存在问题", "下步打算", "状态"),
        *("更新时间", ID_HEADER),
    ]
    assert ws.column_dimensions["K"].hidden
    assert ws.page_setup.orientation == "landscape"

    amr_book = _edit(
        amr_book,
        {
            f"{key1}|{AMR}": {
                "进展情况": "已梳理重点企业，完成专利导航2项",
                "状态": "推进中",
                "存在问题": "专业人才缺乏",
            },
            f"{key3}|{AMR}": {"状态": "已完成", "进展情况": "签约产学研项目3个"},
        },
        extra=["自行添加的一行", "这一行没有行标识"],
    )
    fin_book = _edit(fin_book, {f"{key2}|{FIN}": {"状态": "推进中", "下步打算": "对接银行"}})
    report = import_ledger_xlsx(ledger, amr_book, "amr.xlsx", recorded_by="督查室")
    assert len(report.imported) == 2
    assert report.unchanged == len(amr_rows) - 2
    assert len(report.unknown) == 1 and "这一行没有行标识" in report.unknown[0]
    assert report.changed_tasks == [] and report.conflicts == []
    report = import_ledger_xlsx(ledger, fin_book, "fin.xlsx", recorded_by="督查室")
    assert len(report.imported) == 1

    h1 = ledger.history(t1, AMR)
    assert [(r.status, r.note, r.problems, r.origin) for r in h1] == [
        ("推进中", "已梳理重点企业", "", "cli"),
        ("推进中", "已梳理重点企业，完成专利导航2项", "专业人才缺乏", "import:amr.xlsx"),
    ]
    assert h1[1].recorded_by == "督查室" and h1[1].reported_by == "荣成市市场监督管理局"
    assert [(r.status, r.note) for r in ledger.history(t3, AMR)] == [("已完成", "签约产学研项目3个")]
    assert [(r.status, r.next_steps) for r in ledger.history(t2, FIN)] == [("未启动", ""), ("推进中", "对接银行")]
    # importing the same file again changes nothing
    again = import_ledger_xlsx(ledger, fin_book, "fin.xlsx")
    assert len(again.imported) == 1  # the file still differs from what was exported …
    assert len(ledger.history(t2, FIN)) == 3  # … and is recorded again, never overwriting


def test_csv_has_the_same_columns(store: GraphStore) -> None:
    ledger = Ledger(store, clock=_clock)
    text = ledger_csv(ledger.rows(plan_ids=None))
    assert (
        text.splitlines()[0]
        == "序号,任务,牵头单位,配合单位,填报单位,完成时限,进展情况,存在问题,下步打算,状态,更新时间,行标识"
    )


def _count(ledger: Ledger) -> int:
    return len(ledger.ledger_store.records())


def test_malformed_or_foreign_xlsx_is_one_line_and_changes_nothing(store: GraphStore, tmp_path: Path) -> None:
    ledger = Ledger(store, clock=_clock)
    t1 = _task(store, "3.1.1")
    ledger.set_progress(t1, AMR, "推进中")
    good = ledger_xlsx(ledger.rows(unit_ids=[AMR]), "台账", with_unit=False, now=NOW)
    foreign = openpyxl.Workbook()
    foreign.active.append(["序号", "任务", "进展情况"])
    buf = io.BytesIO()
    foreign.save(buf)
    no_header = openpyxl.load_workbook(io.BytesIO(good))
    no_header["台账"].cell(row=3, column=6).value = "备注"
    buf2 = io.BytesIO()
    no_header.save(buf2)
    bad_status = _edit(good, {f"{ledger.key_of(t1)}|{AMR}": {"状态": "快完成了", "进展情况": "改了"}})
    cases = {
        "not a zip": b"PK\x03\x04 not really",
        "text": "序号,任务\n".encode(),
        "foreign": buf.getvalue(),
        "header": buf2.getvalue(),
        "status": bad_status,
    }
    before = _count(ledger)
    for name, data in cases.items():
        with pytest.raises(LedgerError) as err:
            import_ledger_xlsx(ledger, data, f"{name}.xlsx")
        message = str(err.value)
        assert "\n" not in message and message.startswith(f"{name}.xlsx: "), message
        assert _count(ledger) == before
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        code = main(["--store", str(store.path), "ledger", "import", str(path)])  # type: ignore[attr-defined]
        assert code == 2
        assert _count(ledger) == before


# -- two versions of a plan ------------------------------------------------------------------------
EXPECTED_CHANGES = {
    ("removed", "3.3.2", "", "加大知识产权执法力度", ""),
    ("reworded", "3.1.2", "3.1.2", "提升传统产业知识产权竞争优势", ""),
    ("deadline_moved", "3.1.2", "3.1.2", "提升传统产业知识产权竞争优势", "无 → 2023年底前"),
    ("added", "", "3.2.2", "开展知识产权质押融资入园惠企行动", ""),
    ("renumbered", "3.2.2", "3.2.3", "拓展知识产权投融资渠道", ""),
    ("renumbered", "3.2.3", "3.2.4", "推动知识产权协同创新与实施", ""),
    ("reworded", "3.4.2", "3.4.2", "推进企业知识产权规范管理", "原“推动知识产权规范管理”"),
    ("owner_removed", "3.5.1", "3.5.1", "强化知识产权服务机构建设", "荣成市工业和信息化局"),
    ("owner_added", "3.6.2", "3.6.2", "重视知识产权人才培养", "荣成市教育和体育局"),
}


def test_a_new_version_keeps_the_ledger_of_every_carried_over_task(store: GraphStore) -> None:
    ledger = Ledger(store, clock=_clock)
    set_on = {
        "3.1.1": (AMR, "推进中", "未改动的任务"),
        "3.1.2": (AMR, "推进中", "改写并加了时限的任务"),
        "3.2.2": (FIN, "滞后", "被重新编号的任务"),
        "3.3.2": (AMR, "推进中", "被删除的任务"),
        "3.4.2": (AMR, "已完成", "改了标题的任务"),
        "3.6.2": (AMR, "推进中", "增加了责任单位的任务"),
    }
    keys = {}
    for path, (unit, status, note) in set_on.items():
        ledger.set_progress(_task(store, path), unit, status, note=note)
        keys[path] = ledger.key_of(_task(store, path))
    report = load_paths([V2], store)
    assert report.replaced == [V2.name]

    after = open_ledger(store, clock=_clock)
    new = after.sync()
    assert [v.seq for v in new] == [2]
    rows = {(r.path, r.unit_id): r for r in after.rows(today=date(2024, 3, 1))}
    carried = {"3.1.1": "3.1.1", "3.1.2": "3.1.2", "3.2.2": "3.2.3", "3.4.2": "3.4.2", "3.6.2": "3.6.2"}
    for old_path, new_path in carried.items():
        unit, status, note = set_on[old_path]
        row = rows[(new_path, unit)]
        assert (row.key, row.status, row.note) == (keys[old_path], status, note), old_path
    assert rows[("3.1.2", AMR)].deadline == "2023年底前" and rows[("3.1.2", AMR)].light == "red"
    assert rows[("3.2.2", FIN)].status == ""  # the new task has no ledger yet
    assert keys["3.3.2"] not in {r.key for r in rows.values()}
    assert [r.note for r in after.ledger_store.records(key=keys["3.3.2"])] == ["被删除的任务"]  # kept

    v1, v2 = after.versions(V1.name)
    assert v2.previous_plan_id == v1.plan_id
    scores = {t.path: t.score for t in v2.tasks}
    assert scores["3.2.3"] == 1.0 and 0.5 < (scores["3.1.2"] or 0) < 1 and scores["3.2.2"] is None
    d = diff_versions(v1, v2)
    got = {(c.kind, c.old_path, c.new_path, c.title, c.detail) for c in d.changes}
    assert got == EXPECTED_CHANGES
    assert len(d.changes) == len(EXPECTED_CHANGES)
    assert d.workload["荣成市市场监督管理局"] == (1, 1)
    assert d.workload["荣成市财政局"] == (1, 0)
    assert d.workload["荣成市公安局"] == (0, 1)
    assert d.workload["荣成市教育和体育局"] == (1, 0)
    # the same diff from the two files, matched by similarity alone
    from cli.ledger import _file_version

    by_text = diff_versions(_file_version(V1), _file_version(V2))
    assert {(c.kind, c.old_path, c.new_path, c.title, c.detail) for c in by_text.changes} == EXPECTED_CHANGES


def test_plankg_diff_and_overdue(store: GraphStore, capsys: pytest.CaptureFixture[str]) -> None:
    s = str(store.path)  # type: ignore[attr-defined]
    assert main(["--store", s, "ledger", "show"]) == 0
    load_paths([V2], store)
    capsys.readouterr()
    assert main(["--store", s, "diff", "001@1", "001", "--unit", "市场监管局", "--region", "荣成市"]) == 0
    out = capsys.readouterr().out
    assert "新增 1，删除 1，表述调整 2，编号调整 2，责任单位 +1 −1，完成时限调整 1" in out
    assert "荣成市市场监督管理局：任务 +1，−1" in out
    assert main(["--store", s, "diff", str(V1), str(V2)]) == 0
    assert "编号调整 3.2.2 → 3.2.3 拓展知识产权投融资渠道" in capsys.readouterr().out
    assert main(["--store", s, "overdue", "--today", "2024-01-05", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 + 5 and all(",3.1.2," in ln for ln in lines[1:])  # 3.1.2's five units
    assert main(["--store", s, "ledger", "set", "001:3.1.2", "--unit", "市场监管局", "--region", "荣成市",
                 "--status", "已完成", "--note", "完成"]) == 0  # fmt: skip
    assert "已完成 (record 1 of this row)" in capsys.readouterr().out
    assert main(["--store", s, "overdue", "--today", "2024-01-05", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + 4
    with pytest.raises(SystemExit):
        main(["--store", s, "ledger", "set", "001:3.1.2", "--status", "差不多"])


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    from graph.ledger import ProgressRecord, new_record_id

    path = tmp_path / "g.ledger.sqlite"
    SQLiteLedgerStore(path)

    def write(who: str) -> None:
        s = SQLiteLedgerStore(path)
        for i in range(40):
            s.append([ProgressRecord(new_record_id(), f"task:{who}", "unit:x", "推进中", note=str(i))])

    threads = [threading.Thread(target=write, args=(w,)) for w in "abcd"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = SQLiteLedgerStore(path).records()
    assert len(records) == 160 and len({r.id for r in records}) == 160
    for w in "abcd":
        assert [r.note for r in records if r.key == f"task:{w}"] == [str(i) for i in range(40)]


def test_records_cannot_be_changed_in_the_file(tmp_path: Path) -> None:
    import sqlite3

    from graph.ledger import ProgressRecord, new_record_id

    path = tmp_path / "g.ledger.sqlite"
    SQLiteLedgerStore(path).append([ProgressRecord(new_record_id(), "task:a", "u", "推进中")])
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE progress SET status = '已完成'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM progress")


def test_unknown_task_is_one_line(store: GraphStore) -> None:
    with pytest.raises(PlankgError, match="没有任务"):
        Ledger(store).set_progress("plan:nope/t/1", AMR, "推进中")
