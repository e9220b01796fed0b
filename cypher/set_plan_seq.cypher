// Every plan's place in the graph, kept current for unchanged plans too.
UNWIND $rows AS row
MATCH (p:Plan {id: row.id})
SET p.seq = row.seq
