"""The on-disk cache of built registries: a hit gives what a build gives, an edit builds anew."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders import built_cache, gazetteer, registry
from loaders.gazetteer import Gazetteer
from loaders.registry import Registry
from loaders.registry_model import ResolveContext, default_registry_path


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("PLANKG_CACHE_DIR", str(cache))
    registry._load.cache_clear()
    gazetteer._load.cache_clear()
    yield cache
    registry._load.cache_clear()
    gazetteer._load.cache_clear()


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_an_entry_is_read_back_until_an_input_changes(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "input.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    calls, build = _counting({"built": [1, 2]})
    first = built_cache.cached_build("thing", [str(source)], build)
    again = built_cache.cached_build("thing", [str(source)], build)
    assert (first, again, len(calls)) == ({"built": [1, 2]}, {"built": [1, 2]}, 1)
    source.write_text("a: 2\n", encoding="utf-8")
    built_cache.cached_build("thing", [str(source)], build)
    assert len(calls) == 2
    # the entry of the old bytes can never be read again: one entry per kind is kept
    assert len(list(folder.glob("thing-*.pickle"))) == 1


def test_off_builds_every_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLANKG_CACHE_DIR", "off")
    assert built_cache.cache_folder() is None
    calls, build = _counting(7)
    for _ in range(2):
        assert built_cache.cached_build("thing", [], build) == 7
    assert len(calls) == 2


def test_a_broken_entry_or_an_unwritable_folder_only_costs_the_speed_up(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls, build = _counting("x")
    built_cache.cached_build("thing", [], build)
    (entry,) = folder.glob("thing-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert built_cache.cached_build("thing", [], build) == "x"
    assert len(calls) == 2
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("PLANKG_CACHE_DIR", str(blocked / "below"))
    assert built_cache.cached_build("thing", [], build) == "x"


def test_the_registry_from_the_cache_resolves_as_a_fresh_build(folder: Path, tmp_path: Path) -> None:
    built = Registry.load()  # builds and writes the entries
    assert sorted(p.name.split("-")[0] for p in folder.glob("*.pickle")) == ["gazetteer", "registry"]
    registry._load.cache_clear()
    gazetteer._load.cache_clear()
    read = Registry.load()  # a new process's first load: read from disk
    assert read is not built
    places = Gazetteer.load()
    yantai = places.get("烟台市")
    assert yantai is not None
    for mention in ("市市场监管局", "市知识产权局", "市发展改革委", "县教体局"):
        ctx = ResolveContext(yantai)
        assert read.resolve(mention, ctx) == built.resolve(mention, ctx)
    # an edited registry file is a new key: built again, and its edit is seen
    edited = tmp_path / "departments.yaml"
    shutil.copy(default_registry_path(), edited)
    Registry.load(edited)
    (before,) = folder.glob("registry-*.pickle")
    with edited.open("a", encoding="utf-8") as f:
        f.write("# an edit\n")
    registry._load.cache_clear()
    Registry.load(edited)
    (after,) = folder.glob("registry-*.pickle")
    assert before.name != after.name
