// Plans (loaded and stub) with all their properties.
UNWIND $rows AS row
MERGE (p:Plan {id: row.id})
SET p = row
