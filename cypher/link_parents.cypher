// The outline tree: parent section or task -[:PARENT_OF]-> child section or task.
UNWIND $rows AS row
OPTIONAL MATCH (cs:Section {id: row.id})
OPTIONAL MATCH (ct:Task {id: row.id})
OPTIONAL MATCH (ps:Section {id: row.parent_id})
OPTIONAL MATCH (pt:Task {id: row.parent_id})
WITH coalesce(cs, ct) AS child, coalesce(ps, pt) AS parent
WHERE child IS NOT NULL AND parent IS NOT NULL
MERGE (parent)-[:PARENT_OF]->(child)
