// A plan's tasks, hung from the plan (mentions are written with the units).
UNWIND $rows AS row
MATCH (p:Plan {id: row.plan_id})
MERGE (t:Task {id: row.id})
SET t = row
MERGE (p)-[:HAS_TASK]->(t)
