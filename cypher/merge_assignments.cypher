// One ASSIGNED_TO per mention whose unit is a Unit node; idx is its place in Task.mentions.
UNWIND $rows AS row
MATCH (t:Task {id: row.task_id})
MATCH (u:Unit {id: row.unit_id})
MERGE (t)-[a:ASSIGNED_TO {idx: row.props.idx}]->(u)
SET a = row.props
