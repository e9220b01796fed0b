// Every cross-document edge, in graph order.
MATCH (a)-[r:IMPLEMENTS|IN_REGION|PART_OF|CASCADES_FROM|REFINES|MEMBER_OF|COUNTERPART_OF|MEASURES|SUCCEEDED_BY]->(b)
RETURN type(r) AS type, a.id AS src, b.id AS dst, r.props AS props
ORDER BY r.seq
