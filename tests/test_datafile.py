"""A data file in data/ that someone edited and broke is one line naming it, for every reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import PlankgError
from loaders.gazetteer import Gazetteer
from loaders.plan_links import CascadeVocab


def test_a_broken_gazetteer_names_the_file(tmp_path: Path):
    bad = tmp_path / "regions.yaml"
    bad.write_text("- name: 山东省\n  children: [烟台市\n", encoding="utf-8")
    with pytest.raises(PlankgError) as err:
        Gazetteer.load(bad)
    message = str(err.value)
    assert message.startswith(f"{bad}: cannot read the region gazetteer (")
    assert "\n" not in message


def test_a_data_file_of_the_wrong_shape_names_the_file(tmp_path: Path):
    bad = tmp_path / "regions.yaml"
    bad.write_text("山东省: 烟台市\n", encoding="utf-8")
    with pytest.raises(PlankgError, match=r"regions\.yaml: the region gazetteer must be a list, not dict$"):
        Gazetteer.load(bad)
    missing = tmp_path / "cascade.yaml"
    with pytest.raises(PlankgError, match=r"cascade\.yaml: cannot read the cascade vocabulary \(No such file"):
        CascadeVocab.load(missing)
