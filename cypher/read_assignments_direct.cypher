// Tasks assigned to the asked units; k is the unit's place in the question.
UNWIND $units AS q
MATCH (u:Unit {id: q.id})<-[a:ASSIGNED_TO]-(t:Task)<-[:HAS_TASK]-(p:Plan)
RETURN q.k AS k, p.id AS plan_id, p.source AS source, p.title AS plan_title,
       p.period_start AS period_start, p.period_end AS period_end, p.level AS level,
       p.seq AS plan_seq, t.id AS task_id, t.path AS path, t.kind AS kind, t.title AS title,
       t.text AS quote, t.deadline AS deadline, t.due_date AS due_date, t.span_start AS start, t.seq AS task_seq,
       a.idx AS idx, a.text AS mention, a.role AS role, a.order AS mention_order,
       u.id AS unit_id, u.name AS unit, u.region AS unit_region, '' AS via_group
