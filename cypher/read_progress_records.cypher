// Every progress record of the supervision ledger (the store orders them by id).
MATCH (p:Progress)
RETURN p.id AS id, p.key AS key, p.unit_id AS unit_id, p.status AS status, p.note AS note,
       p.problems AS problems, p.next_steps AS next_steps, p.percent AS percent,
       p.report_date AS report_date, p.reported_by AS reported_by, p.recorded_at AS recorded_at,
       p.recorded_by AS recorded_by, p.task_id AS task_id, p.origin AS origin
