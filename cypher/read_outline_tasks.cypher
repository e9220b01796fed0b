// A plan's tasks for its outline, with [mention idx, unit name] of each ASSIGNED_TO.
MATCH (:Plan {id: $plan_id})-[:HAS_TASK]->(t:Task)
OPTIONAL MATCH (t)-[a:ASSIGNED_TO]->(u:Unit)
RETURN t.id AS id, t.path AS path, t.kind AS kind, t.title AS title,
       t.span_start AS span_start, t.span_end AS span_end, t.seq AS seq,
       t.parent_id AS parent_id,
       t.loose_mentions AS loose_mentions, collect([a.idx, u.name]) AS owners
