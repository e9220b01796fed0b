// Drop the plan nodes themselves (after delete_plan_parts) with their relationships.
UNWIND $plan_ids AS plan_id
MATCH (p:Plan {id: plan_id})
DETACH DELETE p
