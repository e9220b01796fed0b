"""``plankg export``: --unit/--region pick a bureau for assignments, and are refused where they mean nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli.main import main
from graph import exports

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "units"
YANTAI_SAMR = "烟台市市场监督管理局"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("store") / "graph.json")
    assert main(["--store", path, "load", "-q", str(ROOT / "data" / "plans")]) == 0
    return path


def _golden_rows_of(unit: str) -> list[tuple[str, str]]:
    """(path, role) of every task of the Yantai action plan (003) that names ``unit``, in document order."""
    (golden,) = GOLDEN.glob("003_*.json")
    tasks = json.loads(golden.read_text(encoding="utf-8"))["tasks"]
    return [(path, role) for path, mentions in tasks.items() for _, name, role in mentions if name == unit]


def test_assignments_of_one_bureau(store: str, tmp_path: Path) -> None:
    out = tmp_path / "msj.csv"
    argv = [
        "export",
        "assignments",
        "--unit",
        "市场监管局",
        "--region",
        "烟台市",
        "-o",
        str(out),
        "--columns",
        "contract",
    ]
    assert main(["--store", store, *argv]) == 0
    text = out.read_text(encoding="utf-8")
    assert tuple(text.splitlines()[0].split(",")) == exports.ASSIGNMENT_COLUMNS
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = _golden_rows_of(YANTAI_SAMR)
    assert len(expected) == 62  # 24 items of 主要任务 + 38 rows of the annexed table
    assert [(r["path"], r["role"]) for r in rows] == expected
    assert {(r["source"], r["unit"], r["unit_region"]) for r in rows} == {
        ("003_e75adc5d0d9a8531.txt", YANTAI_SAMR, "烟台市")
    }


def test_assignments_of_one_bureau_in_one_plan(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    argv = ["export", "assignments", "--unit", "市场监管局", "--region", "烟台市", "--plan", "004", "-f", "json"]
    assert main(["--store", store, *argv]) == 0
    assert json.loads(capsys.readouterr().out) == []  # 004 names no unit at all


def test_assignments_without_unit_is_every_plan(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--store", store, "export", "assignments", "--columns", "contract"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len({r["source"] for r in rows}) == 5
    assert sum(r["unit"] == YANTAI_SAMR for r in rows) == 62


@pytest.mark.parametrize("what", ["plans", "indicators"])
@pytest.mark.parametrize("option", [["--unit", "市场监管局"], ["--region", "烟台市"]])
def test_unit_and_region_are_refused_where_they_mean_nothing(
    store: str, capsys: pytest.CaptureFixture[str], what: str, option: list[str]
) -> None:
    capsys.readouterr()
    assert main(["--store", store, "export", what, *option]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "plankg: --unit/--region 只用于 export assignments 和 export table (only for assignments and table)\n"


def test_region_alone_is_refused_for_assignments(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--store", store, "export", "assignments", "--region", "烟台市"]) == 2
    assert capsys.readouterr().err == "plankg: --region narrows --unit; give --unit TEXT with it\n"


def test_csv_opens_right_in_excel_by_default(store: str, tmp_path: Path) -> None:
    """A UTF-8 BOM and Chinese headers and labels; the same rows as --columns contract."""
    out, contract = tmp_path / "zh.csv", tmp_path / "en.csv"
    argv = ["export", "assignments", "--unit", "市场监管局", "--region", "烟台市"]
    assert main(["--store", store, *argv, "-o", str(out)]) == 0
    assert main(["--store", store, *argv, "-o", str(contract), "--columns", "contract"]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not contract.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:6] == ["来源文件", "所属规划", "编号", "类型", "标题", "责任单位"]
    assert len(rows) == len(list(csv.reader(io.StringIO(contract.read_text(encoding="utf-8"))))) == 63
    assert {r[8] for r in rows[1:]} == {"负责"}  # role as a label, not the code
