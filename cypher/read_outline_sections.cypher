// A plan's sections for its outline.
MATCH (:Plan {id: $plan_id})-[:HAS_SECTION]->(s:Section)
RETURN s.id AS id, s.path AS path, s.title AS title, s.span_start AS span_start,
       s.span_end AS span_end, s.seq AS seq,
       s.parent_id AS parent_id
