// Plan -[:IMPLEMENTS]-> Plan; seq is the edge's place in KnowledgeGraph.edges, props its JSON.
UNWIND $rows AS row
MATCH (a:Plan {id: row.src})
MATCH (b:Plan {id: row.dst})
MERGE (a)-[r:IMPLEMENTS {seq: row.seq}]->(b)
SET r.score = row.score, r.props = row.props
