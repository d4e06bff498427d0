-- Identity resolution, stage 1: what the channel tables say about each distinct raw identifier, without a row per record.
-- record_identifiers (a view: no data) is every (record, identifier) of the three channel tables; identity_raw_stats
-- counts them per distinct raw value (kind, raw). Later stages join these few million values, never the records.

CREATE OR REPLACE VIEW record_identifiers AS
SELECT 'email' AS channel, event_id AS record_id, 'email' AS kind, email AS raw, occurred_at AS seen_at FROM email_events
UNION ALL SELECT 'social', platform || ':' || interaction_id, 'handle', platform || ':' || handle, occurred_at FROM social_interactions
UNION ALL SELECT 'social', platform || ':' || interaction_id, 'email', profile_email, occurred_at FROM social_interactions
UNION ALL SELECT 'social', platform || ':' || interaction_id, 'phone', profile_phone, occurred_at FROM social_interactions
UNION ALL SELECT 'orders', order_id, 'account', customer_ref, ordered_at FROM order_lines
UNION ALL SELECT 'orders', order_id, 'email', email, ordered_at FROM order_lines
UNION ALL SELECT 'orders', order_id, 'phone', phone, ordered_at FROM order_lines;

-- records: rows carrying the value (an order counts once per line); last_order_at feeds customer_360's primary email.
CREATE OR REPLACE TABLE identity_raw_stats AS
SELECT kind, raw, count(*)::BIGINT AS records, count(*) FILTER (WHERE channel = 'email')::BIGINT AS email_records,
       min(seen_at) AS first_seen, max(seen_at) AS last_seen, max(seen_at) FILTER (WHERE channel = 'orders') AS last_order_at
FROM record_identifiers
WHERE raw IS NOT NULL AND trim(raw) <> ''
GROUP BY kind, raw;

-- Emails and phones are normalised once per distinct raw value (a few per person), not per row.
CREATE OR REPLACE TEMP TABLE identity_forms (kind VARCHAR, raw VARCHAR, value VARCHAR, valid BOOLEAN);
