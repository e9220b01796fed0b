"""Documents written for these tests, in other formats and regions: a district plan
with 牵头/配合 clauses and 1． numbering, a GB18030-encoded county programme, and a
traditional-character district programme. Expected values read off the files."""

from __future__ import annotations

from loaders.pipeline import parse_document
from tests.outline_view import ROOT

DOCS = ROOT / "tests" / "docs" / "outline"


def _outline(name: str) -> tuple[dict[str, object], list[str]]:
    path = DOCS / name
    doc = parse_document(path.read_bytes(), path.name)
    p = doc.plan
    meta = {
        k: getattr(p, k)
        for k in ("title", "kind", "issuer", "doc_no", "issued_on", "period_start", "period_end", "region", "level")
    }
    meta["cites"] = p.cites
    nodes = sorted([*doc.sections, *doc.tasks], key=lambda n: n.span.start)
    return meta, [f"{n.path} {getattr(n, 'kind', 'section')} {n.title}" for n in nodes]


def test_district_plan_with_notice_and_fullwidth_item_numbers():
    meta, outline = _outline("xihu_district_action_plan.txt")
    assert meta == {
        "title": "西湖区知识产权强区建设行动计划（2023—2025年）",
        "kind": "行动方案",
        "issuer": "杭州市西湖区人民政府办公室",
        "doc_no": "西政办发〔2023〕7号",
        "issued_on": "2023-03-08",
        "period_start": 2023,
        "period_end": 2025,
        "region": "杭州市西湖区",  # 西湖区 is also 南昌's: the key names its city
        "level": "county",
        "cites": ["杭州市知识产权发展“十四五”规划"],
    }
    assert outline == [
        "front section 前言",
        "1 section 总体目标",
        "2 section 重点任务",
        "2.1 task 提升知识产权创造质量",
        "2.1.1 task 培育高价值专利",
        "2.1.2 task 强化商标品牌建设",
        "2.1.2.1 task 开展地理标志培育行动",
        "2.1.2.2 task 推进老字号传承创新",
        "2.2 task 加强知识产权保护",
        "2.2.1 task 健全行政保护机制",
        "2.2.2 task 推进纠纷多元化解",
        "3 section 保障措施",
        "3.1 safeguard 加强组织领导",
        "3.2 safeguard 强化资金保障",
    ]


def test_gb18030_county_programme():
    raw = (DOCS / "shouguang_work_programme.gb18030.txt").read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # pragma: no cover - the fixture must stay GB18030
        raise AssertionError("fixture is not GB18030-encoded")
    meta, outline = _outline("shouguang_work_programme.gb18030.txt")
    assert meta["title"] == "寿光市知识产权强县建设工作方案（2024—2026年）"
    assert (meta["region"], meta["level"], meta["period_start"], meta["period_end"]) == ("寿光市", "county", 2024, 2026)
    assert meta["cites"] == ["潍坊市知识产权强市建设实施方案"]
    assert outline == [
        "front section 前言",
        "1 section 工作目标",
        "2 section 主要任务",
        "2.1 task 强化知识产权创造",
        "2.1.1 task 推动蔬菜种业知识产权创造",
        "2.1.2 task 加强地理标志培育",
        "2.2 task 促进知识产权运用",
        "2.2.1 task 开展知识产权质押融资",
        "3 section 保障措施",
        "3.1 safeguard 加强组织领导",
    ]


def test_traditional_characters_are_read_as_simplified_and_kept_for_display():
    path = DOCS / "nanshan_traditional.txt"
    doc = parse_document(path.read_bytes(), path.name)
    assert doc.plan.title == "深圳市南山区知识产权保护工作方案（2024—2025年）"
    assert doc.plan.original.startswith("深圳市南山區知識產權保護工作方案")
    assert (doc.plan.region, doc.plan.level) == ("深圳市南山区", "county")  # 南山区 is also 鹤岗's
    _, outline = _outline("nanshan_traditional.txt")
    assert outline == [
        "front section 前言",
        "1 section 总体要求",
        "2 section 重点任务",
        "2.1 task 完善知识产权保护体系",
        "2.2 task 加大侵权打击力度",
        "3 section 保障措施",
        "3.1 safeguard 加强组织领导",
    ]
