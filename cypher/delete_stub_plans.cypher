// Drop the stub plans (plans only cited); they are derived across documents.
MATCH (p:Plan {stub: true})
DETACH DELETE p
