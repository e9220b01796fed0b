// Append progress records (append-only: an existing id is left as it is).
UNWIND $rows AS row
MERGE (p:Progress {id: row.id})
ON CREATE SET p = row
