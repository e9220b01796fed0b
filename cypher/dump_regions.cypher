// Every region, in graph order.
MATCH (r:Region)
RETURN properties(r) AS props
ORDER BY r.seq
