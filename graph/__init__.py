"""plankg's graph: the typed model, the stores, the queries and the exports."""
