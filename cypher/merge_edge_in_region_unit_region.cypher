// Unit -[:IN_REGION]-> Region; seq is the edge's place in KnowledgeGraph.edges, props its JSON.
UNWIND $rows AS row
MATCH (a:Unit {id: row.src})
MATCH (b:Region {id: row.dst})
MERGE (a)-[r:IN_REGION {seq: row.seq}]->(b)
SET r.score = row.score, r.props = row.props
