// Every ASSIGNED_TO: task id, unit id and the mention's properties.
MATCH (t:Task)-[a:ASSIGNED_TO]->(u:Unit)
RETURN t.id AS task_id, u.id AS unit_id, properties(a) AS props
