// Regions of the gazetteer.
UNWIND $rows AS row
MERGE (r:Region {id: row.id})
SET r = row
