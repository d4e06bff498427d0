-- Identity resolution, stage 2: each distinct raw identifier's identity, each identity's status, and the sets of
-- identities that records link. Reads identity_raw_stats, identity_forms (JS-normalised emails and phones) and
-- identity_blocked (normalised blocked values).

-- Each distinct raw identifier with its normalised value and identity, valid and blocked (a few million rows at most).
-- customer_360 and customer_records attribute records through it (raw -> identity) instead of storing a row per record.
CREATE OR REPLACE TABLE identity_values AS
WITH valued AS (
  SELECT r.kind, r.raw,
    CASE r.kind
      WHEN 'handle' THEN rtrim(regexp_replace(lower(r.raw), '^([^:]*):\s*@*', '\1:'))   -- "@Ann" and "ann" are one handle per platform
      WHEN 'account' THEN trim(r.raw)
      ELSE f.value END AS value,
    coalesce(f.valid, true) AS valid
  FROM identity_raw_stats r
  LEFT JOIN identity_forms f ON f.kind = r.kind AND f.raw = r.raw                     -- only emails and phones have forms
)
SELECT v.kind, v.raw, v.value, v.kind || ':' || v.value AS identity, v.valid, b.identity IS NOT NULL AS blocked
FROM valued v
LEFT JOIN (SELECT DISTINCT identity FROM identity_blocked) b ON b.identity = v.kind || ':' || v.value
WHERE v.value IS NOT NULL AND v.value <> '';

-- Whether an identity may link records: an invalid or blocked value never does.
CREATE OR REPLACE TEMP TABLE identity_status AS
SELECT identity, any_value(kind) AS kind, any_value(value) AS value,
       CASE WHEN NOT bool_and(valid) THEN 'invalid' WHEN bool_or(blocked) THEN 'blocked' ELSE 'linked' END AS status
FROM identity_values GROUP BY identity;

-- The records that can link: two or more linked identities (an email event has one, its recipient, so none does).
-- Records with the same set of identities link the same way, so one row per set, with its smallest record as evidence:
-- a customer's orders mostly repeat one (account, email, phone), so this grows with customers, not with records.
CREATE OR REPLACE TABLE identity_link_sets AS
WITH linked AS (
  SELECT r.channel || ':' || r.record_id AS via, v.identity
  FROM record_identifiers r
  JOIN identity_values v ON v.kind = r.kind AND v.raw = r.raw
  JOIN identity_status s ON s.identity = v.identity AND s.status = 'linked'
  WHERE r.channel <> 'email'
), per_record AS (
  SELECT via, list_sort(list_distinct(list(identity))) AS identities FROM linked GROUP BY via
)
SELECT identities, min(via) AS via, count(*)::BIGINT AS records FROM per_record WHERE len(identities) >= 2 GROUP BY identities;
