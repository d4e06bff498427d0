-- customer_360's parts that no channel declares: each order's value, each customer's identifiers and primary email.
-- Variables: as_of (DATE as text, exclusive end of history: events on or after it are ignored), full_build (BOOLEAN).
-- identities, identity_values and identity_raw_stats come from identities.ts; these TEMP tables from customer-360.ts:
-- record_owners (channel, record_id, customer_id: the customer of each record of a channel with two or more
-- identifiers concerned; a record of a channel with one is its identifier's, joined through identity_values),
-- c360_scope (customer_id) and c360_orders (order_id): the customers and orders rebuilt (ignored by a full build);
-- the views c360_raw_owners (kind, raw, value, customer_id) and c360_raw_stats (identity_raw_stats' rows): every raw
-- identifier value in a full build, those of the customers rebuilt in an incremental one.
-- Writes the views order_values_rows, c360_ids and c360_primary_email; customer-360.ts materialises the first as
-- order_values_new (a full build: as order_values itself), customer-360-channels.ts adds each channel's columns
-- into customer_360_new (a full build: into customer_360 itself), and customer-360.ts puts both in place.

-- An order's value is the sum of its lines; cancelled lines that never took money count zero, negative lines
-- (refunds, returns) always reduce it. An order of only cancelled lines is worth 0 (not NULL), so it is kept
-- and counted nowhere. ordered_at is UTC: its ::DATE is the UTC day every metric uses.
CREATE OR REPLACE TEMP VIEW order_values_rows AS
SELECT l.order_id, rc.customer_id,
       min(l.ordered_at) AS ordered_at,
       coalesce(sum(l.amount) FILTER (WHERE l.status <> 'cancelled' OR l.amount < 0), 0)::DECIMAL(18,2) AS net_value,
       bool_and(l.status = 'cancelled') AS cancelled,
       any_value(l.currency) AS currency
FROM order_lines l
LEFT JOIN record_owners rc ON rc.channel = 'orders' AND rc.record_id = l.order_id   -- NULL customer: an order with no identifier
WHERE l.ordered_at < getvariable('as_of')::DATE
  AND (getvariable('full_build') OR l.order_id IN (SELECT order_id FROM c360_orders))
GROUP BY l.order_id, rc.customer_id;

-- Each customer's identifiers and first and last sighting (customer_360's first columns); customer-360-channels.ts
-- joins the channels' columns to it (a view: the planner sees one query, as when this was a CTE).
CREATE OR REPLACE TEMP VIEW c360_ids AS
SELECT customer_id,
       list(value ORDER BY value) FILTER (WHERE kind = 'email') AS emails,
       list(value ORDER BY value) FILTER (WHERE kind = 'phone') AS phones,
       list(value ORDER BY value) FILTER (WHERE kind = 'handle') AS handles,
       list(value ORDER BY value) FILTER (WHERE kind = 'account') AS accounts,
       min(first_seen) AS first_seen, max(last_seen) AS last_seen
FROM identities
WHERE (getvariable('full_build') OR customer_id IN (SELECT customer_id FROM c360_scope))
  AND customer_id IN (                                            -- a blocked or refused value left without records is no customer
  SELECT customer_id FROM record_owners
  UNION ALL SELECT o.customer_id FROM c360_raw_stats r JOIN c360_raw_owners o ON o.kind = r.kind AND o.raw = r.raw
            WHERE r.email_records > 0)                                       -- a record of a channel with one identifier (email)
GROUP BY customer_id;

-- The email on the customer's most recent order, else the one with the most email events, else the smallest.
CREATE OR REPLACE TEMP VIEW c360_primary_email AS
SELECT i.customer_id, arg_max(i.value, (coalesce(o.last_order, TIMESTAMP '1900-01-01'), i.records, -hash(i.value))) AS primary_email
FROM identities i
LEFT JOIN (SELECT v.value, max(r.last_order_at) AS last_order FROM c360_raw_stats r   -- (all of a value's raw forms are there)
           JOIN c360_raw_owners v ON v.kind = r.kind AND v.raw = r.raw
           WHERE r.kind = 'email' GROUP BY v.value) o ON o.value = i.value
WHERE i.kind = 'email' AND i.status IN ('linked', 'refused')    -- never a placeholder or a malformed address
  AND (getvariable('full_build') OR i.customer_id IN (SELECT customer_id FROM c360_scope))
GROUP BY i.customer_id;
