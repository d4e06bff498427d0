-- Identity resolution, stage 2: each distinct raw identifier's identity, each identity's status, and the links of the
-- changed records. Reads identity_raw_next (stage 1), identity_link_rows (identities.ts), identity_forms (JS-normalised
-- emails and phones of raw values not seen before), identity_blocked, and the stored identity_values.
-- Variables: full_build (BOOLEAN: normalise every value and link every record again), append (BOOLEAN: only rows
-- were added since the last build, none replaced).

-- Each distinct raw identifier with its normalised value and identity, valid and blocked (a few million rows at most).
-- customer_360 and customer_records attribute records through it (raw -> identity) instead of storing a row per record.
CREATE OR REPLACE TEMP TABLE identity_values_next AS
WITH kept AS (                                    -- when only rows were added, no raw value is gone: keep them all
  SELECT v.* FROM identity_values v WHERE getvariable('append')
  UNION ALL
  SELECT v.* FROM identity_values v SEMI JOIN identity_raw_next r ON r.kind = v.kind AND r.raw = v.raw
  WHERE NOT getvariable('full_build') AND NOT getvariable('append')
), valued AS (
  SELECT r.kind, r.raw,
    CASE r.kind
      WHEN 'handle' THEN rtrim(regexp_replace(lower(r.raw), '^([^:]*):\s*@*', '\1:'))   -- "@Ann" and "ann" are one handle per platform
      WHEN 'account' THEN trim(r.raw)
      WHEN 'record' THEN r.raw                                                      -- a matched record: 'contacts:C1'
      ELSE f.value END AS value,
    coalesce(f.valid, true) AS valid
  FROM identity_raw_next r
  LEFT JOIN identity_forms f ON f.kind = r.kind AND f.raw = r.raw                     -- only emails and phones have forms
  ANTI JOIN kept k ON k.kind = r.kind AND k.raw = r.raw
)
SELECT * FROM kept
UNION ALL
SELECT v.kind, v.raw, v.value, v.kind || ':' || v.value AS identity, v.valid, b.identity IS NOT NULL AS blocked
FROM valued v
LEFT JOIN (SELECT DISTINCT identity FROM identity_blocked) b ON b.identity = v.kind || ':' || v.value
WHERE v.value IS NOT NULL AND v.value <> '';

-- Whether an identity may link records: an invalid or blocked value never does.
CREATE OR REPLACE TEMP TABLE identity_status AS
SELECT identity, any_value(kind) AS kind, any_value(value) AS value,
       CASE WHEN NOT bool_and(valid) THEN 'invalid' WHEN bool_or(blocked) THEN 'blocked' ELSE 'linked' END AS status
FROM identity_values_next GROUP BY identity;

-- The records that can link: two or more linked identities (an email event has one, its recipient, so none does).
-- One row per (record, identity) for the changed records only (TEMP VIEW identity_link_rows, identities.ts: every
-- row of the records that can link in a full build, else only the rows of records loaded since the last build).
CREATE OR REPLACE TEMP TABLE identity_links_new AS
WITH linked AS (
  SELECT DISTINCT r.channel || ':' || r.record_id AS via, v.identity
  FROM identity_link_rows r                         -- a channel with one identifier (email) never links
  JOIN identity_values_next v ON v.kind = r.kind AND v.raw = r.raw
  JOIN identity_status s ON s.identity = v.identity AND s.status = 'linked'
)
SELECT via, identity FROM linked QUALIFY count(*) OVER (PARTITION BY via) >= 2;
