// Point every record of a task identity at the task that carries it in the loaded version.
UNWIND $rows AS row
MATCH (p:Progress {key: row.key})
MATCH (t:Task {id: row.task_id})
MERGE (p)-[:PROGRESS_OF]->(t)
