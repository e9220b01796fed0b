// Link records to their unit (units are rewritten on every load, so this runs again).
MATCH (p:Progress)
WHERE p.unit_id <> ''
MATCH (u:Unit {id: p.unit_id})
MERGE (p)-[:FOR_UNIT]->(u)
