// Every section with all its properties, grouped by plan, in graph order.
MATCH (p:Plan)-[:HAS_SECTION]->(s:Section)
RETURN properties(s) AS props
ORDER BY p.seq, s.seq
