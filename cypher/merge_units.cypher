// Units with their aliases (JSON) and alias text (for the full-text index).
UNWIND $rows AS row
MERGE (u:Unit {id: row.id})
SET u = row
