// A plan's sections, hung from the plan.
UNWIND $rows AS row
MATCH (p:Plan {id: row.plan_id})
MERGE (s:Section {id: row.id})
SET s = row
MERGE (p)-[:HAS_SECTION]->(s)
