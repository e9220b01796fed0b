// Every task with all its properties, grouped by plan, in graph order.
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
RETURN properties(t) AS props
ORDER BY p.seq, t.seq
