-- customer_preferences: one row per customer of customer_360 with what they prefer and when they buy.
-- Inputs: pref_customers (customer_id: whom to compute, every customer of customer_360 or those that changed),
-- pref_records (channel, record_id, customer_id: at least those customers' records of the channels that can link, as
-- customer_records attributes them), pref_raws (kind, raw, customer_id: at least those customers' raw identifier values),
-- pref_engagement (customer_id, channel, events: made by customer-preferences.ts from the channel registry),
-- order_values, order_lines, email_events, pref_products (sku, category; may be empty).
-- pref_contacts (contact_id, country, updated_at; may be empty), pref_country_zones (country, zone), pref_calling_codes
-- (prefix, country), identities; the macro pref_local_time(zone, instant) (timezone(zone, instant), fast for the known
-- zones: customer-time-zones.ts). Variables: as_of (DATE as text), timezone (the shop's IANA zone), min_events (INTEGER).

-- Preferred channel: the one with most engagement events; ties go to the channel earlier in the registry.
CREATE OR REPLACE TEMP TABLE pref_channel AS
SELECT customer_id, arg_max(channel, (events, -channel_order)) AS preferred_channel, max(events) AS preferred_channel_events
FROM pref_engagement WHERE events > 0 GROUP BY customer_id;

-- Each customer's own time zone where known: the country of their latest contact record with a country, when that
-- country keeps one time zone; else the country of their phone numbers (E.164 calling code), when all of them point to
-- one zone. Everyone else is read in the shop's zone. (The warehouse stores UTC instants, so an offset a source wrote
-- in a timestamp is not kept and cannot tell.)
CREATE OR REPLACE TEMP TABLE pref_zones AS
WITH contact AS (
  SELECT cr.customer_id, arg_max(upper(c.country), c.updated_at) AS country
  FROM pref_contacts c JOIN pref_records cr ON cr.channel = 'contacts' AND cr.record_id = c.contact_id
  WHERE c.country IS NOT NULL GROUP BY cr.customer_id
), phone AS (  -- calling codes are 2 or 3 digits and prefix-free: at most one of '+44', '+353' matches a number
  SELECT p.customer_id, min(z.zone) AS zone
  FROM (SELECT customer_id, unnest([left(value, 3), left(value, 4)]) AS prefix FROM identities WHERE kind = 'phone' AND status = 'linked' AND customer_id IN (SELECT customer_id FROM pref_customers)) p
  JOIN pref_calling_codes USING (prefix) JOIN pref_country_zones z USING (country)
  GROUP BY p.customer_id HAVING count(DISTINCT z.zone) = 1
)
SELECT customer_id, coalesce(cz.zone, p.zone) AS zone, CASE WHEN cz.zone IS NOT NULL THEN 'contact' ELSE 'phone' END AS source
FROM contact c LEFT JOIN pref_country_zones cz USING (country) FULL JOIN phone p USING (customer_id)
WHERE coalesce(cz.zone, p.zone) IS NOT NULL;

-- Opens and clicks in the customer's local time (above), else the shop's zone.
CREATE OR REPLACE TEMP TABLE pref_send AS
WITH attention AS (
  SELECT cr.customer_id, pref_local_time(coalesce(z.zone, getvariable('timezone')), e.occurred_at::TIMESTAMPTZ) AS local_at
  FROM email_events e JOIN pref_raws cr ON cr.kind = 'email' AND cr.raw = e.email   -- an event is its recipient's
  LEFT JOIN pref_zones z ON z.customer_id = cr.customer_id
  WHERE e.event_type IN ('open', 'click') AND e.occurred_at < getvariable('as_of')::DATE
),
by_day AS (SELECT customer_id, isodow(local_at) AS d, count(*) AS n FROM attention GROUP BY ALL),
by_hour AS (SELECT customer_id, hour(local_at) AS h, count(*) AS n FROM attention GROUP BY ALL)
SELECT d.customer_id, d.events, d.best_day, h.best_hour
FROM (SELECT customer_id, sum(n) AS events, arg_max(d, (n, -d)) AS best_day FROM by_day GROUP BY customer_id) d
JOIN (SELECT customer_id, arg_max(h, (n, -h)) AS best_hour FROM by_hour GROUP BY customer_id) h USING (customer_id);

-- Orders before as-of with a positive net value, their units (completed lines, positive quantity) and day.
CREATE OR REPLACE TEMP TABLE pref_orders AS
SELECT v.customer_id, v.order_id, v.ordered_at::DATE AS day, v.net_value, coalesce(u.units, 0) AS units
FROM order_values v
LEFT JOIN (SELECT order_id, sum(quantity) AS units FROM order_lines WHERE status = 'completed' AND quantity > 0 GROUP BY order_id) u USING (order_id)
WHERE v.customer_id IN (SELECT customer_id FROM pref_customers) AND v.net_value > 0 AND v.ordered_at < getvariable('as_of')::DATE;

-- Typical gap: the median of the days between a customer's consecutive order days.
CREATE OR REPLACE TEMP TABLE pref_gaps AS
WITH days AS (SELECT DISTINCT customer_id, day FROM pref_orders),
gaps AS (SELECT customer_id, day, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap FROM days)
SELECT customer_id, median(gap)::DOUBLE AS typical_gap_days, max(day) AS last_day FROM gaps GROUP BY customer_id;

CREATE OR REPLACE TEMP TABLE pref_baskets AS
SELECT customer_id, count(*) AS orders, avg(net_value)::DOUBLE AS avg_basket_value, avg(units)::DOUBLE AS avg_basket_units,
       avg((units > 1)::INTEGER)::DOUBLE AS multi_item_share
FROM pref_orders GROUP BY customer_id;

-- Top categories by units bought (completed lines, positive quantity); SKUs with no product row or no category are
-- "unknown" and never a top category.
CREATE OR REPLACE TEMP TABLE pref_categories AS
WITH units AS (
  SELECT o.customer_id, p.category, sum(l.quantity) AS n
  FROM pref_orders o JOIN order_lines l ON l.order_id = o.order_id AND l.status = 'completed' AND l.quantity > 0
  JOIN pref_products p ON p.sku = trim(l.sku)
  WHERE p.category IS NOT NULL
  GROUP BY ALL
)
SELECT customer_id, list(category ORDER BY n DESC, category)[1:3] AS top_categories FROM units GROUP BY customer_id;

CREATE OR REPLACE TEMP TABLE pref_out AS
SELECT c.customer_id,
       ch.preferred_channel, coalesce(ch.preferred_channel_events, 0)::BIGINT AS preferred_channel_events,
       CASE WHEN s.events >= getvariable('min_events') THEN ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][s.best_day] END AS best_send_day,
       CASE WHEN s.events >= getvariable('min_events') THEN s.best_hour END::INTEGER AS best_send_hour,
       coalesce(s.events, 0)::BIGINT AS send_time_events,
       coalesce(z.zone, getvariable('timezone')) AS send_time_zone,
       coalesce(z.source, 'shop') AS send_time_zone_source,
       coalesce(pc.top_categories, []::VARCHAR[]) AS top_categories,
       pc.top_categories[1] AS top_category,
       coalesce(b.orders, 0)::BIGINT AS orders,
       round(b.avg_basket_value, 2) AS avg_basket_value,
       round(b.avg_basket_units, 2) AS avg_basket_units,
       round(b.multi_item_share, 4) AS multi_item_share,
       g.typical_gap_days,
       (g.last_day + to_days(round(g.typical_gap_days)::INTEGER))::DATE AS expected_next_order,
       getvariable('as_of')::DATE AS as_of
FROM pref_customers c
LEFT JOIN pref_channel ch USING (customer_id)
LEFT JOIN pref_send s USING (customer_id)
LEFT JOIN pref_zones z USING (customer_id)
LEFT JOIN pref_categories pc USING (customer_id)
LEFT JOIN pref_baskets b USING (customer_id)
LEFT JOIN pref_gaps g USING (customer_id);
