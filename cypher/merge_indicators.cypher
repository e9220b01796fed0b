// A plan's indicators, hung from the plan.
UNWIND $rows AS row
MATCH (p:Plan {id: row.plan_id})
MERGE (i:Indicator {id: row.id})
SET i = row
MERGE (p)-[:HAS_INDICATOR]->(i)
