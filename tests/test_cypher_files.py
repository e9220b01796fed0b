"""Every ``cypher/*.cypher`` statement is valid Cypher and uses only fixed labels.

How each kind of statement is checked:

* Queries and writes (every file but ``schema.cypher``) are parsed by the
  openCypher grammar that the ``antlr4-cypher`` package ships (generated ANTLR
  lexer and parser, run on the ANTLR Python runtime); any syntax error the
  parser reports fails the test. The parse tree then gives the labels and
  relationship types each statement names, which must come from the fixed
  lists (``neo4j_codec.LABELS``, ``graph.model.EDGE_TYPES`` and the structural
  types), and the lexer's tokens show that no value is written into a
  statement: the only string literal allowed is ``''``; values come as ``$`` parameters.
* ``schema.cypher`` holds Neo4j 5 schema commands (CREATE CONSTRAINT … REQUIRE …
  IS UNIQUE, CREATE [FULLTEXT] INDEX …), which are not openCypher and which that
  grammar does not cover (checked below). They are matched against strict
  regular expressions of the Neo4j 5 syntax, one per command form, written
  from the Neo4j 5 Cypher manual; anything else fails.

A deliberately broken statement of each kind is shown to fail its check.
These checks are syntax only: the statements were NOT run against a Neo4j
server here (none is available); the live contract tests do that where
``NEO4J_URI`` is set.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from antlr4 import CommonTokenStream, InputStream, ParseTreeWalker
from antlr4.error.ErrorListener import ErrorListener
from antlr4_cypher import CypherLexer, CypherParser, CypherParserListener

from graph import cypher_catalog
from graph.errors import StoreError
from graph.ledger_cypher import LEDGER_LABELS, LEDGER_TYPES
from graph.model import EDGE_TYPES, Plan
from graph.rows import IndicatorRow
from graph.stores import neo4j_codec
from graph.stores.neo4j_store import EDGE_STATEMENTS, statement_names

STRUCTURAL_TYPES = ("HAS_SECTION", "HAS_TASK", "HAS_INDICATOR", "PARENT_OF", "ASSIGNED_TO")
QUERY_FILES = [n for n in cypher_catalog.names() if n != cypher_catalog.SCHEMA_NAME]


class _Errors(ErrorListener):  # type: ignore[misc]
    def __init__(self) -> None:
        self.messages: list[str] = []

    def syntaxError(self, recognizer, offending, line, column, msg, e):  # type: ignore[no-untyped-def]
        self.messages.append(f"{line}:{column} {msg}")


class _Names(CypherParserListener):  # type: ignore[misc]
    """Collects the labels and relationship types a parse tree names."""

    def __init__(self) -> None:
        self.labels: set[str] = set()
        self.types: set[str] = set()

    def enterNodeLabels(self, ctx):  # type: ignore[no-untyped-def]
        self.labels.update(n.getText() for n in ctx.name())

    def enterRelationshipTypes(self, ctx):  # type: ignore[no-untyped-def]
        self.types.update(n.getText() for n in ctx.name())


def parse(text: str) -> tuple[list[str], _Names, list[str]]:
    """(syntax errors, names used, string literals) of one statement under the openCypher grammar."""
    errors = _Errors()
    lexer = CypherLexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(errors)
    tokens = CommonTokenStream(lexer)
    parser = CypherParser(tokens)
    parser.removeErrorListeners()
    parser.addErrorListener(errors)
    tree = parser.script()
    names = _Names()
    ParseTreeWalker.DEFAULT.walk(names, tree)
    literals = [t.text for t in tokens.tokens if t.type in (CypherLexer.STRING_LITERAL, CypherLexer.CHAR_LITERAL)]
    return errors.messages, names, literals


# -- the grammar works at all ---------------------------------------------------
def test_grammar_accepts_a_valid_and_rejects_broken_statements() -> None:
    assert parse("MATCH (n:Plan {id: $id}) RETURN n.title AS title")[0] == []
    assert parse("MATCH (n:Plan {id: $id} RETURN n")[0] != []  # unclosed node pattern
    assert parse("MATCH (n) RETRUN n")[0] != []  # misspelt clause
    assert parse("UNWIND $rows AS row MERGE (p:Plan {id: row.id}) SET p =")[0] != []  # cut off


def test_grammar_does_not_cover_schema_commands() -> None:
    """Why schema.cypher is checked by regular expressions instead."""
    assert parse("CREATE CONSTRAINT plan_id IF NOT EXISTS FOR (n:Plan) REQUIRE n.id IS UNIQUE")[0] != []


# -- every statement file ----------------------------------------------------------
def test_files_are_exactly_the_statements_the_store_runs() -> None:
    assert cypher_catalog.names() == statement_names()
    assert sorted(EDGE_STATEMENTS) == sorted(
        (t, s, d) for t, pairs in neo4j_codec.EDGE_ENDPOINTS.items() for s, d in pairs
    )
    assert set(neo4j_codec.EDGE_ENDPOINTS) == set(EDGE_TYPES)


@pytest.mark.parametrize("name", QUERY_FILES)
def test_statement_parses_and_names_only_fixed_labels(name: str) -> None:
    text = cypher_catalog.statement(name)
    errors, names, literals = parse(text)
    assert errors == [], f"cypher/{name}.cypher: {errors}"
    assert names.labels <= set(neo4j_codec.LABELS) | set(LEDGER_LABELS), names.labels
    assert names.types <= set(EDGE_TYPES) | set(STRUCTURAL_TYPES) | set(LEDGER_TYPES), names.types
    assert set(literals) <= {"''"}, f"cypher/{name}.cypher: literal values {literals}; pass parameters"


def test_the_checks_fail_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cypher"
    broken.write_text("// a write with a typo\nUNWIND $rows AS row\nMERGE (p:Plan {id: row.id)\nSET p = row\n")
    (statement,) = cypher_catalog.split_statements(broken.read_text(encoding="utf-8"))
    assert parse(statement)[0] != []
    assert parse("MATCH (a)-[:OWNS]->(b) RETURN a")[1].types == {"OWNS"}
    label_from_data = "MATCH (n:Bureau {name: 'x'}) RETURN n"
    errors, names, literals = parse(label_from_data)
    assert errors == []
    assert not names.labels <= set(neo4j_codec.LABELS)
    assert literals == ["'x'"]


def test_edge_statements_join_the_labels_they_are_keyed_by() -> None:
    for (etype, src, dst), name in EDGE_STATEMENTS.items():
        text = cypher_catalog.statement(name)
        assert f"(a:{src} {{id: row.src}})" in text
        assert f"(b:{dst} {{id: row.dst}})" in text
        assert f"[r:{etype} {{seq: row.seq}}]" in text


def _columns(name: str) -> set[str]:
    return set(re.findall(r"\bAS ([a-z_][a-z0-9_]*)\b", cypher_catalog.statement(name).split("RETURN", 1)[1]))


def test_read_statements_return_every_field_of_their_rows() -> None:
    """Drift check: a field added to the model or the rows must be read back too."""
    plan_fields = {f.name for f in dataclasses.fields(Plan)} - {"text", "original", "offset_map"}
    assert _columns("read_plans") == plan_fields | {"seq"}
    assert _columns("read_indicators") == {f.name for f in dataclasses.fields(IndicatorRow)}


# -- schema -----------------------------------------------------------------------------
_IDENT = r"[a-z][a-z0-9_]*"
_LABEL = "(?:" + "|".join(neo4j_codec.LABELS) + ")"
_PROP = r"n\.[a-z][a-z0-9_]*"
_ANALYZER = r"(?: OPTIONS \{indexConfig: \{`fulltext\.analyzer`: '(?:cjk|standard-no-stop-words|standard)'\}\})?"
SCHEMA_FORMS = {
    "constraint": re.compile(
        rf"CREATE CONSTRAINT (?P<name>{_IDENT}) IF NOT EXISTS FOR \(n:(?P<label>{_LABEL})\)"
        r" REQUIRE n\.(?P<prop>[a-z_]+) IS UNIQUE"
    ),
    "index": re.compile(
        rf"CREATE INDEX (?P<name>{_IDENT}) IF NOT EXISTS FOR \(n:(?P<label>{_LABEL})\)"
        rf" ON \((?P<props>{_PROP}(?:, {_PROP})*)\)"
    ),
    "fulltext": re.compile(
        rf"CREATE FULLTEXT INDEX (?P<name>{_IDENT}) IF NOT EXISTS FOR \(n:(?P<label>{_LABEL})\)"
        rf" ON EACH \[(?P<props>{_PROP}(?:, {_PROP})*)\]{_ANALYZER}"
    ),
}


def schema_form(statement: str) -> tuple[str, re.Match[str]] | None:
    """Which Neo4j 5 schema form a statement is (whitespace collapsed), or None."""
    flat = " ".join(statement.split())
    for form, rx in SCHEMA_FORMS.items():
        m = rx.fullmatch(flat)
        if m:
            return form, m
    return None


def test_schema_statements_are_neo4j_5_schema_commands() -> None:
    statements = cypher_catalog.schema_statements()
    forms = [schema_form(s) for s in statements]
    assert None not in forms, [s for s, f in zip(statements, forms, strict=True) if f is None]
    found = [(form, m) for form, m in (f for f in forms if f is not None)]
    unique_ids = {m["label"] for form, m in found if form == "constraint" and m["prop"] == "id"}
    assert unique_ids == set(neo4j_codec.LABELS)
    names = [m["name"] for _, m in found]
    assert len(names) == len(set(names))
    indexed = {(form, m["label"], m["props"]) for form, m in found if form != "constraint"}
    assert ("index", "Unit", "n.name") in indexed
    assert ("fulltext", "Unit", "n.name, n.alias_text") in indexed
    assert ("fulltext", "Task", "n.title, n.text") in indexed


@pytest.mark.parametrize(
    "broken",
    [
        "CREATE CONSTRAINT plan_id IF NOT EXISTS FOR (n:Plan) REQUIRE n.id IS UNIQE",
        "CREATE CONSTRAINT plan_id FOR (n:Plan) REQUIRE n.id IS UNIQUE",  # not idempotent
        "CREATE CONSTRAINT ON (n:Plan) ASSERT n.id IS UNIQUE",  # Neo4j 4 syntax, gone in 5
        "CREATE INDEX unit_name IF NOT EXISTS FOR (n:Bureau) ON (n.name)",  # label not in the list
        "CREATE FULLTEXT INDEX task_text IF NOT EXISTS FOR (n:Task) ON EACH [n.title, n.text",
    ],
)
def test_schema_check_rejects_broken_commands(broken: str) -> None:
    assert schema_form(broken) is None


# -- the catalog ---------------------------------------------------------------------------
def test_catalog_strips_comments_and_splits_outside_quotes() -> None:
    script = "// head\nRETURN 1; /* block; */ RETURN ';' AS s // tail; x\n;\nRETURN \"a//b\" AS t"
    assert cypher_catalog.split_statements(script) == ["RETURN 1", "RETURN ';' AS s", 'RETURN "a//b" AS t']


def test_catalog_refuses_unknown_and_odd_names() -> None:
    with pytest.raises(StoreError, match="no_such_statement"):
        cypher_catalog.statement("no_such_statement")
    with pytest.raises(StoreError, match="not a Cypher statement name"):
        cypher_catalog.statement("../pyproject")
    with pytest.raises(StoreError, match=r"schema\.cypher: expected exactly one statement"):
        cypher_catalog.statement("schema")
