// Drop the metrics (cross-document layer).
MATCH (m:Metric)
DETACH DELETE m
