// Drop the sections, tasks and indicators of whole plans, with every relationship
// touching them (each part hangs from exactly one plan, so it is matched once).
UNWIND $plan_ids AS plan_id
MATCH (:Plan {id: plan_id})-[:HAS_SECTION|HAS_TASK|HAS_INDICATOR]->(part)
DETACH DELETE part
