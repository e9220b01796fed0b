// All plans (stubs included) without their text; the store orders them by
// level, stub, title, then seq.
MATCH (p:Plan)
RETURN p.id AS id, p.title AS title, p.source AS source, p.sha256 AS sha256,
       p.title_inferred AS title_inferred, p.subtitle AS subtitle, p.kind AS kind,
       p.issuer AS issuer, p.doc_no AS doc_no, p.issued_on AS issued_on,
       p.period_start AS period_start, p.period_end AS period_end, p.region AS region,
       p.level AS level, p.region_evidence AS region_evidence, p.cites AS cites, p.stub AS stub, p.warnings AS warnings,
       p.seq AS seq
