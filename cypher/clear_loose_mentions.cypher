// Forget the mentions without a unit node; they are rewritten with the units.
MATCH (t:Task)
WHERE t.loose_mentions IS NOT NULL
REMOVE t.loose_mentions
