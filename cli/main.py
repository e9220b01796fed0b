"""``plankg`` — load plans, ask who owns what, export tables.

Every subcommand lives in a small module that registers itself here. Errors
plankg raises on purpose print as one line (``plankg: …``) and exit 2.
"""

from __future__ import annotations

import argparse
import sys

from cli import export, ledger, load, measures, neo4j_bulk, remove, search, tasks
from graph.errors import PlankgError

__all__ = ["build_parser", "main"]

_MODULES = (load, tasks, search, measures, export, remove, neo4j_bulk, ledger)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="plankg",
        description="A knowledge graph of who is responsible for what (责任单位) in Chinese government plans.",
    )
    parser.add_argument(
        "--store",
        help="store: a file path (embedded NetworkX store) or a neo4j:// / bolt:// URI "
        "(default: $PLANKG_STORE, $NEO4J_URI, else ~/.local/share/plankg/graph.json)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except PlankgError as exc:
        print(f"plankg: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
