// Record a plan version (one row) unless that number of the source exists.
UNWIND $rows AS row
MERGE (v:PlanVersion {source: row.source, seq: row.seq})
ON CREATE SET v = row
