// Remove the whole supervision ledger (tests only; plan loads never touch it).
MATCH (n)
WHERE n:Progress OR n:PlanVersion
DETACH DELETE n
