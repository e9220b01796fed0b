// Region -[:PART_OF]-> Region; seq is the edge's place in KnowledgeGraph.edges, props its JSON.
UNWIND $rows AS row
MATCH (a:Region {id: row.src})
MATCH (b:Region {id: row.dst})
MERGE (a)-[r:PART_OF {seq: row.seq}]->(b)
SET r.score = row.score, r.props = row.props
