// Every metric, in graph order.
MATCH (m:Metric)
RETURN properties(m) AS props
ORDER BY m.seq
