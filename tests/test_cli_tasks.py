"""``plankg tasks`` and ``plankg units``: Chinese tables for people, contract columns for programs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cli.main import main
from graph import exports

ROOT = Path(__file__).resolve().parent.parent
RONGCHENG_PLAN = "荣成市国家知识产权强县建设试点县工作方案（2022—2024年）"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("store") / "graph.json")
    assert main(["--store", path, "load", "-q", str(ROOT / "data" / "plans")]) == 0
    return path


def _table(path: Path) -> list[list[str]]:
    """Header and lines of a rich table written with ``--out``, cells stripped."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] in ("┃", "│")]
    return [[c.strip() for c in line[1:-1].split(line[0])] for line in lines]


def test_tasks_table_has_chinese_headers_and_labels(store: str, tmp_path: Path) -> None:
    out = tmp_path / "tasks.txt"
    assert main(["--store", store, "tasks", "--unit", "市场监督管理局", "--region", "荣成市", "--out", str(out)]) == 0
    header, *rows = _table(out)
    assert header == ["单位", "规划", "编号", "任务", "角色", "顺序", "通过小组", "期限"]
    by_path = {r[2]: r for r in rows}
    # 荣成 3.4.1 is owned through the 专项小组 the bureau is a member of
    assert by_path["3.4.1"] == [
        "荣成市市场监督管理局",
        RONGCHENG_PLAN,
        "3.4.1",
        "健全知识产权管理体系",
        "负责",
        "1",
        "荣成市知识产权战略实施工作专项小组",
        "2022—2024年",
    ]
    # 3.7 lists nine units, the bureau ninth
    assert by_path["3.7"][4:] == ["负责", "9", "", "2022—2024年"]
    assert len(rows) == 15
    assert "responsible" not in out.read_text(encoding="utf-8")


def test_a_lead_unit_reads_as_qiantou(store: str, tmp_path: Path) -> None:
    out = tmp_path / "lead.txt"
    assert main(["--store", store, "tasks", "--unit", "市场监督管理局", "--region", "山东", "--out", str(out)]) == 0
    assert _table(out)[1:] == [
        [
            "山东省市场监督管理局",
            "山东省“十四五”知识产权保护和运用规划",
            "4.1",
            "加强组织领导",
            "牵头",
            "1",
            "",
            "2021—2025年",
        ]
    ]


def test_tasks_csv_has_the_contract_columns_of_export_assignments(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    unit = ["--unit", "市场监督管理局", "--region", "荣成市"]
    capsys.readouterr()
    assert main(["--store", store, "tasks", *unit, "--format", "csv", "--columns", "contract"]) == 0
    tasks_csv = capsys.readouterr().out
    assert tasks_csv.splitlines()[0] == (
        "source,plan_title,path,kind,title,unit,unit_short,unit_region,role,order,via_group,quote,deadline_text,due_date"
    )
    assert tuple(tasks_csv.splitlines()[0].split(",")) == exports.ASSIGNMENT_COLUMNS
    assert main(["--store", store, "export", "assignments", *unit, "--columns", "contract"]) == 0
    assert capsys.readouterr().out == tasks_csv  # the same rows, the same columns
    rows = list(csv.DictReader(io.StringIO(tasks_csv)))
    assert [(r["path"], r["role"], r["via_group"]) for r in rows if r["path"] == "3.4.1"] == [
        ("3.4.1", "responsible", "荣成市知识产权战略实施工作专项小组")
    ]


def test_units_table_is_in_chinese_and_csv_keeps_codes(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "units.txt"
    assert main(["--store", store, "units", "--region", "山东", "--out", str(out)]) == 0
    assert _table(out) == [
        ["标识", "名称", "地区", "层级", "类别", "简称", "待核", "别名"],
        [
            "unit:山东省市场监督管理局",
            "山东省市场监督管理局",
            "山东省",
            "省级",
            "部门",
            "市场监管局",
            "",
            "省市场监管局 [rule; 002_4541fba75fe61fad.txt]",
        ],
    ]
    capsys.readouterr()
    assert main(["--store", store, "units", "--region", "山东", "--format", "csv", "--columns", "contract"]) == 0
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (row["level"], row["category"]) == ("province", "department")


def test_tasks_answers_from_the_file_without_networkx(store: str, tmp_path: Path) -> None:
    """A CLI answer reads the store file: the edges it needs are looked up by node in SQLite,
    so the process never imports networkx (about 150 ms of a 0.5 s answer) — and answers the
    same rows as the store held in memory after a load."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from cli.main import main\n"
        f"rc = main(['--store', {store!r}, 'tasks', '--unit', '市场监督管理局', '--region', '荣成市',"
        f" '--format', 'csv', '--columns', 'contract', '--out', {str(tmp_path / 'a.csv')!r}])\n"
        "print(rc, 'networkx' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False"]
    assert main(["--store", store, "tasks", "--unit", "市场监督管理局", "--region", "荣成市", "--format", "csv",
                 "--columns", "contract", "--out", str(tmp_path / "b.csv")]) == 0  # fmt: skip
    first = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert first == (tmp_path / "b.csv").read_text(encoding="utf-8")
    assert len(first.splitlines()) > 10
