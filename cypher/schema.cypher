// plankg schema for Neo4j 5: one uniqueness constraint per label's id, lookup
// indexes for unit names, full-text indexes (CJK analyzer) for unit names with
// their aliases and for task text. Every statement is idempotent (IF NOT EXISTS);
// the store runs them, one by one, before its first write.

CREATE CONSTRAINT plan_id IF NOT EXISTS FOR (n:Plan) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT section_id IF NOT EXISTS FOR (n:Section) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT indicator_id IF NOT EXISTS FOR (n:Indicator) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT unit_id IF NOT EXISTS FOR (n:Unit) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT region_id IF NOT EXISTS FOR (n:Region) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT metric_id IF NOT EXISTS FOR (n:Metric) REQUIRE n.id IS UNIQUE;

// exact look-ups of a unit by canonical or short name, plans by source file,
// indicators by metric
CREATE INDEX unit_name IF NOT EXISTS FOR (n:Unit) ON (n.name);
CREATE INDEX unit_short IF NOT EXISTS FOR (n:Unit) ON (n.short);
CREATE INDEX plan_source IF NOT EXISTS FOR (n:Plan) ON (n.source);
CREATE INDEX indicator_metric IF NOT EXISTS FOR (n:Indicator) ON (n.metric);

// fuzzy search: a unit by any way it was written (alias_text = alias texts,
// one a line), and tasks by their words
CREATE FULLTEXT INDEX unit_aliases IF NOT EXISTS FOR (n:Unit) ON EACH [n.name, n.alias_text]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
CREATE FULLTEXT INDEX task_text IF NOT EXISTS FOR (n:Task) ON EACH [n.title, n.text]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
