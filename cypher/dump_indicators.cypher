// Every indicator with all its properties, grouped by plan, in graph order.
MATCH (p:Plan)-[:HAS_INDICATOR]->(i:Indicator)
RETURN properties(i) AS props
ORDER BY p.seq, i.seq
