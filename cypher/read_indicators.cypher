// Indicators (all, or of one metric when $metric is not null) with their plan's place.
MATCH (p:Plan)-[:HAS_INDICATOR]->(i:Indicator)
WHERE $metric IS NULL OR i.metric = $metric
RETURN i.id AS id, p.source AS source, p.id AS plan_id, p.title AS plan_title,
       p.region AS region, p.level AS level, i.name AS name, i.metric AS metric,
       i.baseline AS baseline, i.baseline_year AS baseline_year, i.target AS target,
       i.target_year AS target_year, i.comparator AS comparator,
       i.measure_unit AS measure_unit, i.nature AS nature, i.flag AS flag, i.quote AS quote
