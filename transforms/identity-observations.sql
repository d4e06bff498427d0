-- Identity resolution, stage 2: one row per (record, normalised identifier), with whether it may link records.
-- Reads identity_raw, identity_forms (JS-normalised emails and phones) and identity_blocked (normalised blocked values).

-- Each distinct raw identifier with its normalised value and identity, valid and blocked (a few million rows at most).
-- Kept: customer_360 attributes email events through it (raw address -> identity) instead of joining per event.
CREATE OR REPLACE TABLE identity_values AS
WITH valued AS (
  SELECT r.kind, r.raw,
    CASE r.kind
      WHEN 'handle' THEN rtrim(regexp_replace(lower(r.raw), '^([^:]*):\s*@*', '\1:'))   -- "@Ann" and "ann" are one handle per platform
      WHEN 'account' THEN trim(r.raw)
      ELSE f.value END AS value,
    coalesce(f.valid, true) AS valid
  FROM identity_raw r
  LEFT JOIN identity_forms f ON f.kind = r.kind AND f.raw = r.raw                     -- only emails and phones have forms
)
SELECT v.kind, v.raw, v.value, v.kind || ':' || v.value AS identity, v.valid, b.identity IS NOT NULL AS blocked
FROM valued v
LEFT JOIN (SELECT DISTINCT identity FROM identity_blocked) b ON b.identity = v.kind || ':' || v.value
WHERE v.value IS NOT NULL AND v.value <> '';

-- Email events and social interactions are one row per record (the loader keeps their natural key unique) and carry
-- each kind once, so each of their rows is one observation as it is: no aggregation over tens of millions of rows.
-- An order is one row per line, so its lines' identifiers are grouped per order.
CREATE OR REPLACE TABLE identity_observations AS
WITH single AS (
  SELECT 'email' AS source, event_id AS record_id, 'email' AS kind, email AS raw, occurred_at AS seen_at FROM email_events
  UNION ALL SELECT 'social', platform || ':' || interaction_id, 'handle', platform || ':' || handle, occurred_at FROM social_interactions
  UNION ALL SELECT 'social', platform || ':' || interaction_id, 'email', profile_email, occurred_at FROM social_interactions
  UNION ALL SELECT 'social', platform || ':' || interaction_id, 'phone', profile_phone, occurred_at FROM social_interactions
), lines AS (
  SELECT 'orders' AS source, order_id AS record_id, 'account' AS kind, customer_ref AS raw, ordered_at AS seen_at FROM order_lines
  UNION ALL SELECT 'orders', order_id, 'email', email, ordered_at FROM order_lines
  UNION ALL SELECT 'orders', order_id, 'phone', phone, ordered_at FROM order_lines
)
SELECT s.source, s.record_id, v.kind, v.value, v.identity,
       CASE WHEN NOT v.valid THEN 'invalid' WHEN v.blocked THEN 'blocked' ELSE 'linked' END AS status,
       s.seen_at AS first_seen, s.seen_at AS last_seen, 1::BIGINT AS seen
FROM single s JOIN identity_values v ON v.kind = s.kind AND v.raw = s.raw             -- no match: empty or no identifier
UNION ALL
SELECT l.source, l.record_id, v.kind, v.value, any_value(v.identity),
       CASE WHEN NOT bool_and(v.valid) THEN 'invalid' WHEN bool_or(v.blocked) THEN 'blocked' ELSE 'linked' END,
       min(l.seen_at), max(l.seen_at), count(*)::BIGINT
FROM lines l JOIN identity_values v ON v.kind = l.kind AND v.raw = l.raw
GROUP BY l.source, l.record_id, v.kind, v.value;
