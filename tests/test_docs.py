"""The README cannot drift from the product: it names every CLI command, every app
page, the two setup commands, and CI runs the README's test command."""

from __future__ import annotations

import ast
import re

from cli.main import build_parser
from tests.outline_view import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_shows_every_cli_command():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    commands = sorted(sub.choices)  # type: ignore[union-attr]
    assert set(commands) >= {
        "cascade", "export", "indicators", "load", "neo4j-csv", "remove", "search", "tasks", "tree", "units"
    }  # fmt: skip
    for command in commands:
        assert re.search(rf"plankg {command}\b", README), command
    for what in ("plans", "assignments", "indicators", "table"):
        assert f"plankg export {what}" in README


def test_readme_names_every_app_page():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    titles = [
        kw.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"
        for kw in node.keywords
        if kw.arg == "title" and isinstance(kw.value, ast.Constant)
    ]
    assert titles[0] == "责任单位"  # the default page
    assert set(titles) >= {"责任单位", "总览", "搜索", "规划", "指标", "传导", "打印", "审核", "上传"}
    for title in titles:
        assert f"| {title} (" in README, title


def test_readme_shows_the_two_setup_commands_and_ci_runs_the_test_one():
    assert "make run    #" in README
    assert "make test   #" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)
