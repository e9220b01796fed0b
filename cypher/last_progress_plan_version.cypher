// The newest version the ledger recorded of one source file.
MATCH (v:PlanVersion {source: $source})
RETURN v.seq AS seq, v.plan_id AS plan_id
ORDER BY seq DESC
LIMIT 1
