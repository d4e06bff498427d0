-- Identity resolution, stage 1: every raw identifier seen on a record across the three channels (identity_raw).
-- identities.ts normalises the distinct emails and phones in JS, then builds identity_observations from this.

CREATE OR REPLACE TEMP TABLE identity_raw AS
WITH raw AS (
  SELECT 'email' AS source, event_id AS record_id, 'email' AS kind, email AS raw, occurred_at AS seen_at FROM email_events
  UNION ALL SELECT 'social', platform || ':' || interaction_id, 'handle', platform || ':' || handle, occurred_at FROM social_interactions
  UNION ALL SELECT 'social', platform || ':' || interaction_id, 'email', profile_email, occurred_at FROM social_interactions
  UNION ALL SELECT 'social', platform || ':' || interaction_id, 'phone', profile_phone, occurred_at FROM social_interactions
  UNION ALL SELECT 'orders', order_id, 'account', customer_ref, ordered_at FROM order_lines
  UNION ALL SELECT 'orders', order_id, 'email', email, ordered_at FROM order_lines
  UNION ALL SELECT 'orders', order_id, 'phone', phone, ordered_at FROM order_lines
)
SELECT source, record_id, kind, raw, min(seen_at) AS first_seen, max(seen_at) AS last_seen, count(*) AS seen
FROM raw WHERE raw IS NOT NULL AND trim(raw) <> ''
GROUP BY ALL;

-- Emails and phones are normalised once per distinct raw value (a few per person), not per row.
CREATE OR REPLACE TEMP TABLE identity_forms (kind VARCHAR, raw VARCHAR, value VARCHAR, valid BOOLEAN);
