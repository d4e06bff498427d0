-- Identity resolution, stage 2: one row per (record, normalised identifier), with whether it may link records.
-- Reads identity_raw, identity_forms (JS-normalised emails and phones) and identity_blocked (normalised blocked values).

CREATE OR REPLACE TABLE identity_observations AS
WITH valued AS (
  SELECT r.source, r.record_id, r.kind, r.first_seen, r.last_seen, r.seen,
    CASE r.kind
      WHEN 'handle' THEN rtrim(regexp_replace(lower(r.raw), '^([^:]*):\s*@*', '\1:'))   -- "@Ann" and "ann" are one handle per platform
      WHEN 'account' THEN trim(r.raw)
      ELSE f.value END AS value,
    coalesce(f.valid, true) AS valid
  FROM identity_raw r
  LEFT JOIN identity_forms f ON f.kind = r.kind AND f.raw = r.raw                     -- only emails and phones have forms
)
SELECT v.source, v.record_id, v.kind, v.value, v.kind || ':' || v.value AS identity,
       CASE WHEN NOT bool_and(v.valid) THEN 'invalid' WHEN any_value(b.identity) IS NOT NULL THEN 'blocked' ELSE 'linked' END AS status,
       min(v.first_seen) AS first_seen, max(v.last_seen) AS last_seen, sum(v.seen)::BIGINT AS seen
FROM valued v
LEFT JOIN identity_blocked b ON b.identity = v.kind || ':' || v.value
WHERE v.value IS NOT NULL AND v.value <> ''
GROUP BY v.source, v.record_id, v.kind, v.value;
