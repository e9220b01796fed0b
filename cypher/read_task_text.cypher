// A task's plan title and full text, for quoting its source.
MATCH (p:Plan)-[:HAS_TASK]->(t:Task {id: $task_id})
RETURN p.title AS plan_title, t.text AS text
