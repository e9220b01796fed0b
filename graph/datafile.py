"""Reading the YAML data files in ``data/`` (registry, gazetteer, vocabularies, layouts, decisions).

One reader for all of them, so that a file someone edited by hand and broke is
always one line naming the file — never a traceback — and every file is parsed
with the fast C loader when libyaml is there.

Each file the repository reads has a small schema here (:data:`SCHEMAS`, by file
name): its keys, their types, the required ones. A typo'd or unknown key, or a
value of the wrong type, is one line naming the file and the line
(``data/departments.yaml:412: the unit registry: departments[87]: unknown key
`sucessor` (allowed: …)``) instead of being silently ignored. The document is
composed to a node tree first (PyYAML's nodes carry their line), checked, then
constructed. A file with no schema (or one passed ``schema=None`` explicitly)
is only parsed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graph.errors import PlankgError

__all__ = [
    "ANY",
    "BOOL",
    "DECISIONS",
    "DEPARTMENTS",
    "INT",
    "NUM",
    "SCHEMAS",
    "STR",
    "Alt",
    "Map",
    "Rec",
    "Schema",
    "SchemaError",
    "Seq",
    "check",
    "read_yaml",
]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_DEFAULT = object()  # "the schema registered for the file's name"


class SchemaError(Exception):
    """A node that does not fit its schema (``line`` is 1-based)."""

    def __init__(self, line: int, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.line = line


# --------------------------------------------------------------------------- schemas
class Schema:
    """What a node may be."""

    def check(self, node: yaml.Node, where: str) -> None:
        """Raise :class:`SchemaError` when ``node`` does not fit."""
        raise NotImplementedError

    def describe(self) -> str:
        """A short name of what fits (for messages)."""
        raise NotImplementedError


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _label(node: yaml.Node) -> str:
    """`` key`` of a list item that names itself (``key:`` or ``name:``), for messages."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value in ("key", "name") and isinstance(v, yaml.ScalarNode):
                return f" {v.value}"
    return ""


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = str(node.tag).removeprefix(_TAG)
    return {"str": "a string", "int": "an integer", "float": "a number", "bool": "true/false", "null": "empty"}.get(
        tag, tag
    )


@dataclass(frozen=True)
class Scalar(Schema):
    """A scalar of one of ``tags`` (YAML core tags: str, int, float, bool, null)."""

    tags: tuple[str, ...]
    name: str

    def check(self, node: yaml.Node, where: str) -> None:
        if not isinstance(node, yaml.ScalarNode) or str(node.tag).removeprefix(_TAG) not in self.tags:
            raise SchemaError(_line(node), where, f"expected {self.name}, not {_kind(node)}")

    def describe(self) -> str:
        return self.name


@dataclass(frozen=True)
class _Any(Schema):
    def check(self, node: yaml.Node, where: str) -> None:
        return None

    def describe(self) -> str:
        return "anything"


STR = Scalar(("str",), "a string")
#: Numbers and plain words both read as strings by the readers (a 6-digit code, 2021).
TEXT = Scalar(("str", "int", "float"), "a string")
INT = Scalar(("int",), "an integer")
NUM = Scalar(("int", "float"), "a number")
BOOL = Scalar(("bool",), "true/false")
NULL = Scalar(("null",), "empty")
ANY: Schema = _Any()


@dataclass(frozen=True, eq=False)
class Seq(Schema):
    """A list of ``item`` (``min_len``/``max_len`` when the length is fixed)."""

    item: Schema
    min_len: int = 0
    max_len: int | None = None

    def check(self, node: yaml.Node, where: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            raise SchemaError(_line(node), where, f"expected {self.describe()}, not {_kind(node)}")
        n = len(node.value)
        if n < self.min_len or (self.max_len is not None and n > self.max_len):
            size = str(self.min_len) if self.max_len == self.min_len else f"{self.min_len}–{self.max_len or '…'}"
            raise SchemaError(_line(node), where, f"expected {size} items, not {n}")
        for i, child in enumerate(node.value):
            self.item.check(child, f"{where}[{i}{_label(child)}]")

    def describe(self) -> str:
        return f"a list of {self.item.describe().removeprefix('a ').removeprefix('an ')}s"


@dataclass(frozen=True, eq=False)
class Map(Schema):
    """A mapping with free keys (of ``key``) and values of ``value``."""

    value: Schema
    key: Schema = TEXT

    def check(self, node: yaml.Node, where: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            raise SchemaError(_line(node), where, f"expected a mapping, not {_kind(node)}")
        for k, v in node.value:
            self.key.check(k, where)
            self.value.check(v, f"{where}.{k.value}" if where else str(k.value))

    def describe(self) -> str:
        return "a mapping"


@dataclass(frozen=True, eq=False)
class Rec(Schema):
    """A mapping with a fixed set of keys; ``required`` ones must be there. An optional key
    may be left empty (``key:`` with nothing after it) — the readers treat that as absent."""

    fields: Mapping[str, Schema]
    required: tuple[str, ...] = ()
    optional_null: bool = True

    def check(self, node: yaml.Node, where: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            raise SchemaError(_line(node), where, f"expected a mapping, not {_kind(node)}")
        seen: set[str] = set()
        for k, v in node.value:
            name = str(k.value)
            if name not in self.fields:
                allowed = ", ".join(self.fields)
                raise SchemaError(_line(k), where, f"unknown key `{name}` (allowed: {allowed})")
            if name in seen:
                raise SchemaError(_line(k), where, f"key `{name}` given twice")
            seen.add(name)
            path = f"{where}.{name}" if where else name
            if self.optional_null and name not in self.required and str(v.tag) == _TAG + "null":
                continue
            self.fields[name].check(v, path)
        missing = [r for r in self.required if r not in seen]
        if missing:
            raise SchemaError(_line(node), where, f"missing key `{missing[0]}`")

    def describe(self) -> str:
        return "a mapping"


@dataclass(frozen=True, eq=False)
class Alt(Schema):
    """One of several schemas (tried in order; the message names them all)."""

    options: tuple[Schema, ...]

    def check(self, node: yaml.Node, where: str) -> None:
        errors: list[SchemaError] = []
        for option in self.options:
            try:
                option.check(node, where)
                return
            except SchemaError as exc:
                errors.append(exc)
        # a mapping or list that fits an option's outer shape: its inner error says more
        for option, err in zip(self.options, errors, strict=True):
            if _same_shape(option, node):
                raise err
        raise SchemaError(_line(node), where, f"expected {self.describe()}, not {_kind(node)}")

    def describe(self) -> str:
        return " or ".join(o.describe() for o in self.options)


def _same_shape(schema: Schema, node: yaml.Node) -> bool:
    if isinstance(schema, Rec | Map):
        return isinstance(node, yaml.MappingNode)
    if isinstance(schema, Seq):
        return isinstance(node, yaml.SequenceNode)
    return False


def check(node: yaml.Node | None, schema: Schema) -> None:
    """Check a composed document (``None``: an empty file, which fits any schema)."""
    if node is not None:
        schema.check(node, "")


# --------------------------------------------------------------------------- the files' schemas
_STRS = Seq(TEXT)
_LEVELS = ("national", "province", "municipality", "prefecture", "county")
_BY_LEVEL = Alt((TEXT, Rec({k: TEXT for k in _LEVELS})))
_NATIONAL = Rec({"full": TEXT, "short": TEXT, "aliases": _STRS}, required=("full",))

_DEPARTMENT = Rec(
    {
        "key": TEXT,
        "category": TEXT,
        "full": _BY_LEVEL,
        "template": TEXT,
        "template_by_level": Rec({k: TEXT for k in _LEVELS}),
        "short": _BY_LEVEL,
        "aliases": _STRS,
        "prefixed": _STRS,
        "parent_key": TEXT,
        "national": _NATIONAL,
        "successor": TEXT,
        "until": INT,
        "by_region": Map(TEXT),
        "within_region": Map(TEXT),
        "current_in": _STRS,
    },
    required=("key",),
)

DEPARTMENTS = Rec(
    {
        # moving to data/clauses.yaml (kept while the clause grammar still reads them here)
        "list_tails": _STRS,
        "generic_items": _STRS,
        # the registry's own
        "unit_endings": _STRS,
        "titles": _STRS,
        "groups": Rec({"suffixes": _STRS, "member_tails": _STRS, "office_tails": _STRS, "member_list_heading": TEXT}),
        "zones": Rec(
            {
                "strip": _STRS,
                "generic": Seq(Rec({"aliases": _STRS, "template": TEXT}, required=("aliases", "template"))),
                "named_suffixes": _STRS,
                "template": TEXT,
            }
        ),
        "vertical": Seq(
            Rec(
                {
                    "key": TEXT,
                    "pattern": TEXT,
                    "name": Alt((TEXT, Rec({k: TEXT for k in _LEVELS}, required=("prefecture",)))),
                    "successor": TEXT,
                    "place": TEXT,
                },
                required=("key", "pattern", "name"),
            )
        ),
        "generic_shapes": Rec(
            {"levels": _STRS, "plural": _STRS, "bodies": _STRS, "some": _STRS, "patterns": _STRS},
            required=("patterns",),
        ),
        "named": Seq(
            Rec(
                {"category": TEXT, "endings": _STRS, "except": _STRS, "min_length": INT},
                required=("category", "endings"),
            )
        ),
        "fuzzy": Rec({"accept": NUM, "review": NUM}),
        "departments": Seq(_DEPARTMENT),
    },
    required=("departments",),
)

_REGION: Schema  # recursive: a region's children are regions (or plain county names)
_REGION_FIELDS: dict[str, Schema] = {}
_REGION = Alt((TEXT, Rec(_REGION_FIELDS, required=("name",))))
_REGION_FIELDS.update(
    {
        "name": TEXT,
        "short": TEXT,
        "shorts": _STRS,
        "aliases": _STRS,
        "level": Scalar(("str",), "a level (national, province, prefecture, county)"),
        "code": TEXT,
        "children": Seq(_REGION),
    }
)

_COMPARATOR = Rec({"prefix": _STRS, "suffix": _STRS})
METRICS = Rec(
    {
        "metrics": Seq(
            Rec({"name": TEXT, "variants": _STRS, "in_context": Map(_STRS)}, required=("name",)),
        ),
        "strip_prefixes": _STRS,
        "strip_verbs": _STRS,
        "fuzzy_min_score": NUM,
        "distinguishing_terms": _STRS,
        "phrases": Rec(
            {
                "units": _STRS,
                "static_verbs": _STRS,
                "action_verbs": _STRS,
                "lead_words": _STRS,
                "comparators": Rec({">=": _COMPARATOR, "<=": _COMPARATOR}, required=(">=", "<=")),
                "funding_words": _STRS,
                "history_titles": _STRS,
                "history_leads": _STRS,
                "natures": _STRS,
                "bounded_words": _STRS,
                "count_units": _STRS,
                "ratio_words": _STRS,
            }
        ),
    },
    required=("metrics", "phrases"),
)

ANNEX_TABLE = Rec(
    {
        "columns": Map(_STRS),
        "unit_suffixes": _STRS,
        "unit_list_tails": _STRS,
        "unit_list_fillers": _STRS,
        "deadline_patterns": _STRS,
    },
    required=("columns", "unit_suffixes", "unit_list_tails", "unit_list_fillers", "deadline_patterns"),
)

CASCADE = Rec({"national_words": _STRS, "kind_rank": Map(INT)}, required=("national_words", "kind_rank"))

PLAN_WORDS = Rec(
    {"kind_words": Seq(Seq(TEXT, 2, 2)), "five_year_plans": Map(Seq(INT, 2, 2))},
    required=("kind_words", "five_year_plans"),
)

_XLSX_COLUMNS = ("seq", "task", "measure", "responsible", "lead", "support", "deadline", "plan", "role", "others")
XLSX_TABLE = Rec(
    {
        "sheet_suffix": TEXT,
        "unit_sheet_suffix": TEXT,
        "cover_sheet": TEXT,
        "headers": Rec({c: TEXT for c in _XLSX_COLUMNS}),
        "widths": Rec({c: NUM for c in _XLSX_COLUMNS}),
        "roles": Rec({"lead": TEXT, "support": TEXT, "responsible": TEXT}),
        "via_group": TEXT,
        "numbering": _STRS,
        "box_numbering": TEXT,
        "fonts": Rec({"body": TEXT, "heading": TEXT, "body_size": NUM, "header_size": NUM, "title_size": NUM}),
        "cover": Rec(
            {
                "title": TEXT,
                "columns": _STRS,
                "widths": Seq(NUM),
                "generated": TEXT,
                "notes_title": TEXT,
                "notes": _STRS,
                "unit_notes": _STRS,
            }
        ),
    }
)

LABELS = Rec(
    {
        "roles": Map(TEXT),
        "kinds": Map(TEXT),
        "levels": Map(TEXT),
        "links": Map(TEXT),
        "relations": Map(Rec({"up": TEXT, "down": TEXT}, required=("up", "down"))),
        "categories": Map(TEXT),
        "comparators": Map(TEXT),
    }
)

#: ``data/zone_bodies.yaml``: the organs of functional zones (see the comment at its top).
ZONE_BODIES = Rec(
    {
        "zones": Seq(
            Rec(
                {
                    "zone": TEXT,
                    "party_committee": TEXT,
                    "party_shorts": _STRS,
                    "bodies": Seq(
                        Rec(
                            {
                                "name": TEXT,
                                "full": BOOL,
                                "party": BOOL,
                                "shorts": _STRS,
                                "from": INT,
                                "until": INT,
                                "succeeded_by": TEXT,
                                "source": TEXT,
                            },
                            required=("name",),
                        )
                    ),
                },
                required=("zone", "bodies"),
            )
        )
    },
    required=("zones",),
)

#: ``data/clauses.yaml``: the responsibility-clause vocabulary (read by loaders/duties.py and
#: loaders/deadlines.py; every key is described at the top of the file).
_ROLE = Scalar(("str",), "lead, support or responsible")
CLAUSES = Rec(
    {
        "labels": Map(_ROLE),
        "verbs": Map(_ROLE),
        **{
            key: _STRS
            for key in (
                "person_labels",
                "deadline_labels",
                "bracket_only_verbs",
                "verb_trailers",
                "verb_blockers",
                "list_tails",
                "joints",
                "sector_tails",
                "subject_markers",
                "not_predicates",
                "partner_verbs",
                "subject_endings",
                "not_subject_starts",
                "fragments",
                "body_endings",
                "generic_subject_verbs",
                "generic_starts",
                "generic_marks",
                "generic_endings",
                "unit_endings",
                "not_a_list",
                "person_titles",
                "person_endings",
                "stage_words",
                "distributive_kinds",
                "subject_start_words",
            )
        },
        "first_lead_rule": STR,
        "deadline": Rec(
            {"recurrence": Map(STR), "fillers": _STRS, "festivals": Map(Alt((STR, NULL)))},
        ),
    }
)

DECISIONS = Seq(
    Rec({"action": TEXT, "alias": TEXT, "region": TEXT, "unit": TEXT, "into": TEXT}, required=("action",)),
)

#: The schema of each data file, by file name (``zones.yaml`` and ``doc_no_prefixes.yaml`` are
#: checked by their readers, loaders/gazetteer.py and loaders/plan_region.py, with theirs).
SCHEMAS: dict[str, Schema] = {
    "departments.yaml": DEPARTMENTS,
    "regions.yaml": Seq(_REGION),
    "metrics.yaml": METRICS,
    "annex_table.yaml": ANNEX_TABLE,
    "cascade.yaml": CASCADE,
    "plan_words.yaml": PLAN_WORDS,
    "xlsx_table.yaml": XLSX_TABLE,
    "labels.yaml": LABELS,
    "alias_decisions.yaml": DECISIONS,
    "zone_bodies.yaml": ZONE_BODIES,
    "clauses.yaml": CLAUSES,
}


# --------------------------------------------------------------------------- reading
def read_yaml(
    path: str | os.PathLike[str],
    error: type[PlankgError],
    what: str,
    shape: type = object,
    schema: Schema | object | None = _DEFAULT,
) -> Any:
    """The parsed content of ``path``; ``error`` naming the file (and ``what`` it is) when it
    cannot be read or parsed, is not of ``shape`` (``dict``/``list``), or does not fit
    ``schema`` (default: the one :data:`SCHEMAS` has for the file's name; then the message
    names the line too)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            if shape is not object and node is not None and not _fits_shape(node, shape):
                data = loader.construct_document(node)
                raise error(f"{p}: {what} must be a {shape.__name__}, not {type(data).__name__}")
            rules = SCHEMAS.get(p.name) if schema is _DEFAULT else schema
            if isinstance(rules, Schema):
                check(node, rules)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except SchemaError as exc:
        raise error(f"{p}:{exc.line}: {what}: {exc}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).replace("\n", " ")
        raise error(f"{p}: cannot read {what} ({detail})") from exc
    if not isinstance(data, shape):
        raise error(f"{p}: {what} must be a {shape.__name__}, not {type(data).__name__}")
    return data


def _fits_shape(node: yaml.Node, shape: type) -> bool:
    if shape is dict:
        return isinstance(node, yaml.MappingNode)
    if shape is list:
        return isinstance(node, yaml.SequenceNode)
    return True
