// Remove everything plankg wrote (only its labels: a shared database may hold more).
MATCH (n)
WHERE n:Plan OR n:Section OR n:Task OR n:Indicator OR n:Unit OR n:Region OR n:Metric
DETACH DELETE n
