// Mentions without a unit node, kept on their task as JSON so none is lost.
UNWIND $rows AS row
MATCH (t:Task {id: row.task_id})
SET t.loose_mentions = row.loose_mentions
