// Drop every cross-document edge (graph.model.EDGE_TYPES); they are rewritten
// from the graph on each write.
MATCH ()-[r:IMPLEMENTS|IN_REGION|PART_OF|CASCADES_FROM|REFINES|MEMBER_OF|COUNTERPART_OF|MEASURES|SUCCEEDED_BY]->()
DELETE r
