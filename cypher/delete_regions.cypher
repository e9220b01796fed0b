// Drop the regions (cross-document layer).
MATCH (r:Region)
DETACH DELETE r
