// Task -[:CASCADES_FROM]-> Task; seq is the edge's place in KnowledgeGraph.edges, props its JSON.
UNWIND $rows AS row
MATCH (a:Task {id: row.src})
MATCH (b:Task {id: row.dst})
MERGE (a)-[r:CASCADES_FROM {seq: row.seq}]->(b)
SET r.score = row.score, r.props = row.props
