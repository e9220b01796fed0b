// Unit -[:COUNTERPART_OF]-> Unit; seq is the edge's place in KnowledgeGraph.edges, props its JSON.
UNWIND $rows AS row
MATCH (a:Unit {id: row.src})
MATCH (b:Unit {id: row.dst})
MERGE (a)-[r:COUNTERPART_OF {seq: row.seq}]->(b)
SET r.score = row.score, r.props = row.props
