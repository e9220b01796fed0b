// Drop the units with their ASSIGNED_TO relationships (cross-document layer).
MATCH (u:Unit)
DETACH DELETE u
