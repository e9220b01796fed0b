"""Every data/*.yaml the repository reads has a schema (graph/datafile.py): a typo'd or unknown
key, or a value of the wrong type, is one line naming the file and the line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.datafile import SCHEMAS, read_yaml
from graph.decisions import DecisionError, load_decisions
from graph.errors import PlankgError
from loaders.registry import Registry, RegistryError

DATA = Path(__file__).resolve().parent.parent / "data"
#: Files their readers check with a schema of their own (loaders/gazetteer.py, loaders/plan_region.py).
IN_FLUX = {"zones.yaml", "doc_no_prefixes.yaml"}


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_data_file_fits_its_schema(path: Path):
    assert path.name in SCHEMAS or path.name in IN_FLUX
    read_yaml(path, PlankgError, path.name)


def _copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (DATA / name).read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    return broken


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_typo_in_a_registry_key_names_the_file_the_line_and_the_entry(tmp_path: Path):
    broken = _copy(
        tmp_path, "departments.yaml", "    successor: local_finance_2024\n", "    sucessor: local_finance_2024\n"
    )
    with pytest.raises(RegistryError) as err:
        Registry.load(broken)
    line = _line_of(broken, "sucessor:")
    message = str(err.value)
    assert message.startswith(f"{broken}:{line}: the unit registry: departments[")
    assert " local_finance]: unknown key `sucessor` (allowed: key, category, full," in message
    assert "\n" not in message


def test_a_wrong_type_names_the_line(tmp_path: Path):
    broken = _copy(tmp_path, "departments.yaml", "    until: 2024\n", "    until: soon\n")
    with pytest.raises(RegistryError) as err:
        Registry.load(broken)
    line = _line_of(broken, "until: soon")
    assert re.fullmatch(
        rf"{re.escape(str(broken))}:{line}: the unit registry: departments\[\d+ local_finance\]\.until: "
        r"expected an integer, not a string",
        str(err.value),
    )


def test_a_missing_required_key(tmp_path: Path):
    broken = _copy(tmp_path, "departments.yaml", "  - key: aic\n", "  - kee: aic\n")
    with pytest.raises(RegistryError, match=r"unknown key `kee`"):
        Registry.load(broken)
    text = (DATA / "metrics.yaml").read_text(encoding="utf-8")
    no_phrases = tmp_path / "metrics.yaml"
    no_phrases.write_text(text.split("\nphrases:")[0] + "\n", encoding="utf-8")
    with pytest.raises(PlankgError, match=r"metrics\.yaml:\d+: the metric vocabulary: missing key `phrases`$"):
        read_yaml(no_phrases, PlankgError, "the metric vocabulary")


@pytest.mark.parametrize(
    ("name", "old", "new", "what", "expected"),
    [
        ("metrics.yaml", "strip_verbs:", "strip_verb:", "the metric vocabulary", "unknown key `strip_verb`"),
        (
            "annex_table.yaml",
            "  lead: [",
            "  lead: 牵头单位\n  x: [",
            "the annex table vocabulary",
            "columns.lead: expected",
        ),
        ("cascade.yaml", "  纲要: 1", "  纲要: first", "the cascade vocabulary", "kind_rank.纲要: expected an integer"),
        ("plan_words.yaml", "  十四五: [2021, 2025]", "  十四五: [2021]", "the plan words", "expected 2 items, not 1"),
        ("xlsx_table.yaml", "  body_size: 11", "  body_sise: 11", "the table layout", "unknown key `body_sise`"),
        (
            "labels.yaml",
            "roles: {lead: 牵头,",
            "roles: {lead: [牵头],",
            "the display labels",
            "roles.lead: expected a string",
        ),
    ],
)
def test_each_data_file_is_checked(tmp_path: Path, name, old, new, what, expected):
    broken = _copy(tmp_path, name, old, new)
    with pytest.raises(PlankgError) as err:
        read_yaml(broken, PlankgError, what)
    message = str(err.value)
    assert re.match(rf"{re.escape(str(broken))}:\d+: {what}: ", message), message
    assert expected in message
    assert "\n" not in message


def test_decisions_are_checked_whatever_the_file_is_called(tmp_path: Path):
    path = tmp_path / "my_decisions.yaml"
    path.write_text("- action: confirm\n  alias: 市科学局\n  unti: 烟台市科学技术局\n", encoding="utf-8")
    with pytest.raises(DecisionError) as err:
        load_decisions(path)
    assert str(err.value) == (
        f"{path}:3: the decisions: [0]: unknown key `unti` (allowed: action, alias, region, unit, into)"
    )


def test_a_yaml_syntax_error_is_still_one_line(tmp_path: Path):
    bad = tmp_path / "departments.yaml"
    bad.write_text("departments: [\n", encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        Registry.load(bad)
    assert str(err.value).startswith(f"{bad}: cannot read the unit registry (")
    assert "\n" not in str(err.value)


def test_a_typo_in_the_clause_vocabulary_names_the_file_and_the_line(tmp_path: Path):
    broken = _copy(tmp_path, "clauses.yaml", "\njoints: ", "\njionts: ")
    with pytest.raises(PlankgError) as err:
        read_yaml(broken, PlankgError, "the clause vocabulary", dict)
    line = _line_of(broken, "jionts:")
    assert str(err.value).startswith(f"{broken}:{line}: the clause vocabulary: unknown key `jionts` (allowed: labels,")


def test_a_zone_body_printed_for_two_bodies_is_refused(tmp_path: Path):
    """A short form must name one body of its zone (the file is empty today; this one is written here)."""
    broken = tmp_path / "zone_bodies.yaml"
    broken.write_text(
        "zones:\n"
        "- zone: 平潭综合实验区\n"
        "  bodies:\n"
        "  - name: 经济发展局\n"
        "    shorts:\n"
        "    - 经发局\n"
        "    source: 'a document: 经济发展局'\n"
        "  - name: 交通与建设局\n"
        "    shorts:\n"
        "    - 交建局\n"
        "    - 经发局\n"
        "    source: 'a document: 交通与建设局'\n",
        encoding="utf-8",
    )
    from loaders.registry_load import zone_bodies

    with pytest.raises(RegistryError) as err:
        zone_bodies(str(broken))
    assert str(err.value) == (  # 经济发展局 comes first in the file, 交通与建设局 then claims its short
        f"{broken}: 平潭综合实验区: 经发局 is printed for two bodies "
        "(平潭综合实验区经济发展局, 平潭综合实验区交通与建设局)"
    )


def test_every_zone_body_is_printed_in_the_corpus_document_it_names():
    """data/zone_bodies.yaml holds a zone's bodies only as some kept corpus document prints them: each
    entry's `source` names a document of tests/corpus/docs and words of its text (spaces squeezed out).
    A document taken out of the corpus must take its bodies with it, or find them another source."""
    data = read_yaml(DATA / "zone_bodies.yaml", PlankgError, "zone bodies", dict)
    root = DATA.parent
    for zone in data["zones"]:
        for body in zone["bodies"]:
            path, _, words = str(body["source"]).partition(": ")
            text = re.sub(r"\s+", "", (root / path).read_text(encoding="utf-8"))
            assert words in text, (body["name"], path)
