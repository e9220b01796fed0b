// Every plan version the ledger has seen, with its task snapshots (JSON).
MATCH (v:PlanVersion)
RETURN v.source AS source, v.seq AS seq, v.plan_id AS plan_id, v.title AS title,
       v.period_start AS period_start, v.period_end AS period_end, v.issued_on AS issued_on,
       v.seen_at AS seen_at, v.previous_plan_id AS previous_plan_id, v.tasks AS tasks
ORDER BY source, seq
