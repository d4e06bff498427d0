-- Identity resolution, stage 2: each distinct raw identifier's identity, each identity's status, and the links of the
-- changed records. Reads identity_raw_next (stage 1), identity_link_rows (identities.ts), identity_forms (JS-normalised
-- emails and phones of raw values not seen before), identity_blocked, and the stored identity_values.
-- Variables: full_build (BOOLEAN: normalise every value and link every record again), append (BOOLEAN: only rows
-- were added since the last build, none replaced).

-- Each distinct raw identifier with its normalised value and identity, valid and blocked (a few million rows at most):
-- the TEMP VIEW identity_values_next. customer_360 and customer_records attribute records through it (raw -> identity)
-- instead of storing a row per record. When only rows were added, no raw value is gone: the stored values are kept as
-- they are and only the values not seen before are computed (identity_values_added), nothing is copied.
CREATE OR REPLACE TEMP TABLE identity_values_kept AS           -- rows were replaced: the stored values still seen
SELECT v.* FROM identity_values v SEMI JOIN identity_raw_next r ON r.kind = v.kind AND r.raw = v.raw
WHERE NOT getvariable('full_build') AND NOT getvariable('append');

CREATE OR REPLACE TEMP TABLE identity_values_added AS
WITH valued AS (
  SELECT r.kind, r.raw,
    CASE r.kind
      WHEN 'handle' THEN rtrim(regexp_replace(lower(r.raw), '^([^:]*):\s*@*', '\1:'))   -- "@Ann" and "ann" are one handle per platform
      WHEN 'account' THEN trim(r.raw)
      WHEN 'record' THEN r.raw                                                      -- a matched record: 'contacts:C1'
      ELSE f.value END AS value,
    coalesce(f.valid, true) AS valid
  FROM identity_raw_next r
  LEFT JOIN identity_forms f ON f.kind = r.kind AND f.raw = r.raw                     -- only emails and phones have forms
  ANTI JOIN (SELECT kind, raw FROM identity_values WHERE getvariable('append')
             UNION ALL SELECT kind, raw FROM identity_values_kept) k ON k.kind = r.kind AND k.raw = r.raw
)
SELECT v.kind, v.raw, v.value, v.kind || ':' || v.value AS identity, v.valid, b.identity IS NOT NULL AS blocked
FROM valued v
LEFT JOIN (SELECT DISTINCT identity FROM identity_blocked) b ON b.identity = v.kind || ':' || v.value
WHERE v.value IS NOT NULL AND v.value <> '';

CREATE OR REPLACE TEMP VIEW identity_values_next AS
SELECT * FROM identity_values WHERE getvariable('append')
UNION ALL SELECT * FROM identity_values_kept
UNION ALL SELECT * FROM identity_values_added;

-- Whether an identity may link records: an invalid or blocked value never does. Computed for the identities with a
-- value not seen before when only rows were added (identity_status_new), for every identity otherwise; the TEMP VIEW
-- identity_status adds every other identity with its stored status (a refused identity is a linked one).
CREATE OR REPLACE TEMP TABLE identity_status_new AS
SELECT identity, any_value(kind) AS kind, any_value(value) AS value,
       CASE WHEN NOT bool_and(valid) THEN 'invalid' WHEN bool_or(blocked) THEN 'blocked' ELSE 'linked' END AS status
FROM identity_values_next
WHERE NOT getvariable('append') OR identity IN (SELECT identity FROM identity_values_added)
GROUP BY identity;

CREATE OR REPLACE TEMP VIEW identity_status AS
SELECT * FROM identity_status_new
UNION ALL
SELECT i.identity, i.kind, i.value, CASE i.status WHEN 'refused' THEN 'linked' ELSE i.status END
FROM identities i ANTI JOIN identity_status_new n USING (identity)
WHERE getvariable('append');

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
