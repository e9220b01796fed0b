// Indicator -[:CASCADES_FROM]-> Indicator; seq is the edge's place in KnowledgeGraph.edges, props its JSON.
UNWIND $rows AS row
MATCH (a:Indicator {id: row.src})
MATCH (b:Indicator {id: row.dst})
MERGE (a)-[r:CASCADES_FROM {seq: row.seq}]->(b)
SET r.score = row.score, r.props = row.props
