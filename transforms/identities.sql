-- Identity resolution, first cut: every identifier seen on a record, linked when they share a record,
-- resolved into customers as connected components. Output: identity_observations, identities.

-- Every (record, normalised identifier) pair across the three channels.
CREATE OR REPLACE TABLE identity_observations AS
WITH raw AS (
  SELECT 'email' AS source, event_id AS record_id, 'email' AS kind, email AS value, occurred_at AS seen_at FROM email_events
  UNION ALL SELECT 'social', platform || ':' || interaction_id, 'handle', platform || ':' || handle, occurred_at FROM social_interactions
  UNION ALL SELECT 'social', platform || ':' || interaction_id, 'email', profile_email, occurred_at FROM social_interactions
  UNION ALL SELECT 'social', platform || ':' || interaction_id, 'phone', profile_phone, occurred_at FROM social_interactions
  UNION ALL SELECT 'orders', order_id, 'account', customer_ref, ordered_at FROM order_lines
  UNION ALL SELECT 'orders', order_id, 'email', email, ordered_at FROM order_lines
  UNION ALL SELECT 'orders', order_id, 'phone', phone, ordered_at FROM order_lines
), normalised AS (
  SELECT source, record_id, kind, seen_at,
    CASE kind
      WHEN 'email' THEN lower(trim(value))
      WHEN 'handle' THEN lower(regexp_replace(trim(value), ':@', ':'))           -- "@Ann" and "ann" are one handle per platform
      WHEN 'phone' THEN nullif(regexp_replace(regexp_replace(trim(value), '^00', '+'), '[^0-9+]', '', 'g'), '')
      ELSE trim(value)
    END AS value
  FROM raw WHERE value IS NOT NULL AND trim(value) <> ''
)
SELECT source, record_id, kind, value, kind || ':' || value AS identity, min(seen_at) AS first_seen, max(seen_at) AS last_seen, count(*) AS seen
FROM normalised WHERE value IS NOT NULL
GROUP BY ALL;

-- Identifiers that appear on the same record are the same person.
CREATE OR REPLACE TEMP TABLE identity_edges AS
SELECT DISTINCT a.identity AS a, b.identity AS b
FROM identity_observations a JOIN identity_observations b
  ON a.source = b.source AND a.record_id = b.record_id AND a.identity <> b.identity;

CREATE OR REPLACE TEMP TABLE identity_labels AS
SELECT DISTINCT identity, identity AS label FROM identity_observations;
