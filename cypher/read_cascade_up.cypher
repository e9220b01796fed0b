// Cascade links up from a task, indicator or plan: what the node carries out (its outgoing
// CASCADES_FROM / REFINES / IMPLEMENTS), with the far end's plan and owners.
OPTIONAL MATCH (t:Task {id: $node_id})
OPTIONAL MATCH (i:Indicator {id: $node_id})
OPTIONAL MATCH (p:Plan {id: $node_id})
WITH coalesce(t, i, p) AS n
WHERE n IS NOT NULL
MATCH (n)-[r:CASCADES_FROM|REFINES|IMPLEMENTS]->(m)
OPTIONAL MATCH (mp:Plan)-[:HAS_TASK|HAS_INDICATOR]->(m)
OPTIONAL MATCH (m)-[a:ASSIGNED_TO]->(u:Unit)
RETURN type(r) AS type, r.seq AS seq, r.props AS props, m.id AS node_id,
       labels(m) AS labels, m.path AS path, m.title AS title, m.name AS name,
       m.loose_mentions AS loose_mentions, mp.id AS plan_id, mp.title AS plan_title,
       collect([a.idx, u.name]) AS owners
