"""``plankg neo4j-csv -o DIR``: the store's graph as CSVs for ``neo4j-admin database import full``.

For a first load of a big corpus into an empty Neo4j database: write the
files here, copy them to the server's import folder, stop the database, run
the printed command, start it and apply ``cypher/schema.cypher``.
"""

from __future__ import annotations

import argparse

from cli.common import store_from_args
from graph.bulk_csv import import_command, write_csvs

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "neo4j-csv",
        help="write the graph as CSV files for neo4j-admin database import full",
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write the CSV files into")
    p.add_argument("--database", default="neo4j", help="database name in the printed import command")
    p.add_argument(
        "--import-dir",
        metavar="PATH",
        help="where the files will be on the server (e.g. /import in the neo4j:5 image); used in the printed command",
    )
    p.set_defaults(func=cmd_neo4j_csv)


def cmd_neo4j_csv(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    try:
        graph = store.read_graph()
    finally:
        store.close()
    files = write_csvs(graph, args.output)
    for f in files:
        print(f"{f.path}  {f.rows} {'nodes' if f.nodes else 'relationships'}")
    print()
    print(import_command(files, args.database, args.import_dir))
    print("then start the database and run cypher/schema.cypher (constraints and indexes)")
    return 0
