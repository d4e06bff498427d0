-- Identity resolution, stage 1: the identifiers of the rows loaded since the last build, counted per distinct raw value.
-- Variables: since, until (TIMESTAMP as text: rows with since < _loaded_at <= until are new; a full build reads all),
-- stats_since (since, or -infinity to count every row again), stats_keep (BOOLEAN: add to the stored counts, or
-- replace them because rows were replaced or this is a full build), full_build (BOOLEAN).
-- Reads the view record_identifiers (generated from the channel registry by channel-records.ts). No row per record is
-- stored: identity_raw_stats has a row per distinct raw value.

-- records: rows carrying the value (an order counts once per line); email_records: of those, the records of channels
-- with one identifier (email events), which make a customer without linking anything; last_order_at feeds
-- customer_360's primary email.
CREATE OR REPLACE TEMP TABLE identity_raw_delta AS
SELECT kind, raw, count(*)::BIGINT AS records, count(*) FILTER (WHERE NOT links)::BIGINT AS email_records,
       min(seen_at) AS first_seen, max(seen_at) AS last_seen, max(seen_at) FILTER (WHERE channel = 'orders') AS last_order_at
FROM record_identifiers
WHERE loaded_at > getvariable('stats_since')::TIMESTAMP AND loaded_at <= getvariable('until')::TIMESTAMP
  AND raw IS NOT NULL AND trim(raw) <> ''
GROUP BY kind, raw;

-- Counts, minima and maxima add up, so the new rows' counts merge into the stored ones. When only rows were added
-- (stats_keep), this holds the raw values they carry; otherwise every raw value, counted again.
-- Otherwise identity_raw_delta already counted every row: it is the result as it is (grouping its millions of rows
-- again cost a full 1M build 4.6 s).
CREATE OR REPLACE TEMP TABLE identity_raw_next AS
SELECT kind, raw, sum(records)::BIGINT AS records, sum(email_records)::BIGINT AS email_records,
       min(first_seen) AS first_seen, max(last_seen) AS last_seen, max(last_order_at) AS last_order_at
FROM (
  SELECT * FROM identity_raw_delta
  UNION ALL
  SELECT s.* FROM identity_raw_stats s SEMI JOIN identity_raw_delta d ON d.kind = s.kind AND d.raw = s.raw
)
WHERE getvariable('stats_keep')
GROUP BY kind, raw
UNION ALL
SELECT * FROM identity_raw_delta WHERE NOT getvariable('stats_keep');

-- The raw values whose records changed (customer_360 redoes their customers): the new rows' values, or when counts
-- were redone, every value whose counts differ (a replaced row's old value counts less, or is gone) and every value a
-- row loaded since carries (a correction that keeps its identifiers, say a new amount or text, changes no count).
CREATE OR REPLACE TEMP TABLE identity_raw_changed AS
SELECT kind, raw FROM identity_raw_delta WHERE getvariable('stats_keep')
UNION ALL
SELECT kind, raw FROM (
  (SELECT * FROM identity_raw_next EXCEPT SELECT * FROM identity_raw_stats)
  UNION (SELECT * FROM identity_raw_stats EXCEPT SELECT * FROM identity_raw_next)
  UNION (SELECT kind, raw, NULL, NULL, NULL, NULL, NULL FROM record_identifiers
         WHERE loaded_at > getvariable('since')::TIMESTAMP AND loaded_at <= getvariable('until')::TIMESTAMP AND raw IS NOT NULL AND trim(raw) <> '')
) WHERE NOT getvariable('stats_keep') AND NOT getvariable('full_build');

-- The records that can link (social interactions, orders) with a row loaded since the last build: their links are
-- recomputed (an order's from all its lines). A corrected row is deleted and loaded again, so it is here too.
CREATE OR REPLACE TEMP TABLE identity_changed_records AS
SELECT DISTINCT channel || ':' || record_id AS via FROM record_identifiers
WHERE links AND loaded_at > getvariable('since')::TIMESTAMP AND loaded_at <= getvariable('until')::TIMESTAMP
  AND NOT getvariable('full_build');                -- a full build links every record again and reads none of these

-- Emails and phones are normalised once per distinct raw value (a few per person), not per row (identities.ts).
CREATE OR REPLACE TEMP TABLE identity_forms (kind VARCHAR, raw VARCHAR, value VARCHAR, valid BOOLEAN);
