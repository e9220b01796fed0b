// Unit -[:SUCCEEDED_BY]-> Unit (a unit of an earlier era -> the one that took it over);
// seq is the edge's place in KnowledgeGraph.edges, props its JSON.
UNWIND $rows AS row
MATCH (a:Unit {id: row.src})
MATCH (b:Unit {id: row.dst})
MERGE (a)-[r:SUCCEEDED_BY {seq: row.seq}]->(b)
SET r.score = row.score, r.props = row.props
