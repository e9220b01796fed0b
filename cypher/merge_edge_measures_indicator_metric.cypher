// Indicator -[:MEASURES]-> Metric; seq is the edge's place in KnowledgeGraph.edges, props its JSON.
UNWIND $rows AS row
MATCH (a:Indicator {id: row.src})
MATCH (b:Metric {id: row.dst})
MERGE (a)-[r:MEASURES {seq: row.seq}]->(b)
SET r.score = row.score, r.props = row.props
