// Ids of the loaded (non-stub) plans the database holds; read inside the write
// transaction so that plans missing on either side are reconciled.
MATCH (p:Plan)
WHERE p.stub = false
RETURN p.id AS id
