// Every plan with all its properties (text included), in graph order.
MATCH (p:Plan)
RETURN properties(p) AS props
ORDER BY p.seq
