// Every unit with all its properties, in graph order.
MATCH (u:Unit)
RETURN properties(u) AS props
ORDER BY u.seq
