-- Monthly customer flow: active, new, returning, reactivated and churned customers, churn rate, repeat purchase
-- rate and days between orders. Variables: as_of (DATE text, exclusive), churn_days (inactivity window N).
-- Days are UTC days and months UTC calendar months; only counted orders (net_value > 0) with a customer count.
-- A customer churns on day d + N when they placed a counted order on day d and none on days d+1 .. d+N; they
-- count as churned in the month that contains d + N, once that day is before as_of. An order more than N days
-- after the previous one reactivates the customer. Between its churn day and a reactivating order a customer is
-- not active; a customer is alive on day x when they ordered on some day d <= x with x < d + N.
--
-- Computed as events and running totals (one pass over the orders, then one row per month), not range joins per
-- month: a customer's alive spells start on their first order or a reactivation and end on a churn day, so the
-- customers alive on day x are the starts up to x minus the churn days up to x (spells of one customer never
-- overlap). Customers to date and repeat customers to date are running counts of first and second orders.

CREATE OR REPLACE TEMP TABLE churn_orders AS
SELECT customer_id, ordered_at::DATE AS day,
       lag(ordered_at::DATE) OVER w AS prev_day,
       lead(ordered_at::DATE) OVER w AS next_day,
       row_number() OVER w AS nth
FROM order_values
WHERE customer_id IS NOT NULL AND net_value > 0 AND ordered_at < getvariable('as_of')::DATE
WINDOW w AS (PARTITION BY customer_id ORDER BY ordered_at, order_id);

CREATE OR REPLACE TABLE churn_metrics AS
WITH p AS (
  SELECT getvariable('as_of')::DATE AS as_of, getvariable('churn_days')::INTEGER AS n
), months AS (   -- every month from the first counted order to the as-of month
  SELECT m::DATE AS month, (m + INTERVAL 1 MONTH)::DATE > p.as_of AS partial
  FROM p, unnest(generate_series(
    (SELECT date_trunc('month', min(day)) FROM churn_orders)::TIMESTAMP, (p.as_of - 1)::TIMESTAMP, INTERVAL 1 MONTH)) AS g(m)
), activity AS (   -- orders placed in the month (all before as_of)
  SELECT date_trunc('month', o.day)::DATE AS month,
         count(*) FILTER (WHERE o.prev_day IS NULL OR date_trunc('month', o.prev_day) < date_trunc('month', o.day)) AS active_customers,
         count(*) FILTER (WHERE o.nth = 1) AS new_customers,
         count(DISTINCT o.customer_id) FILTER (WHERE o.day - o.prev_day > p.n) AS reactivated_customers,
         count(*) FILTER (WHERE o.prev_day IS NULL OR o.day - o.prev_day > p.n) AS starts,   -- alive spells starting
         count(*) FILTER (WHERE o.nth = 2) AS new_repeat_customers,                         -- second orders
         avg(o.day - o.prev_day) AS avg_days_between_orders   -- repeat orders placed this month, gap to the previous one
  FROM churn_orders o CROSS JOIN p
  GROUP BY ALL
), churned AS (
  SELECT date_trunc('month', o.day + p.n)::DATE AS month, count(*) AS churned_customers
  FROM churn_orders o CROSS JOIN p
  WHERE o.day + p.n < p.as_of                                     -- the churn day is before as_of
    AND (o.next_day IS NULL OR o.next_day > o.day + p.n)           -- and no counted order came in time
  GROUP BY ALL
), flow AS (
  SELECT m.month, m.partial,
         coalesce(a.active_customers, 0) AS active_customers, coalesce(a.new_customers, 0) AS new_customers,
         coalesce(a.reactivated_customers, 0) AS reactivated_customers, coalesce(c.churned_customers, 0) AS churned_customers,
         a.avg_days_between_orders,
         sum(coalesce(a.starts, 0) - coalesce(c.churned_customers, 0)) OVER w AS alive_at_end,
         sum(coalesce(a.new_customers, 0)) OVER w AS customers_to_date,
         sum(coalesce(a.new_repeat_customers, 0)) OVER w AS repeat_customers_to_date,
         coalesce(a.starts, 0) - coalesce(c.churned_customers, 0) AS net_start
  FROM months m
  LEFT JOIN activity a USING (month)
  LEFT JOIN churned c USING (month)
  WINDOW w AS (ORDER BY m.month)
)
SELECT f.month,
       (f.alive_at_end - f.net_start)::BIGINT AS customers_at_start,
       f.active_customers,
       f.new_customers,
       f.active_customers - f.new_customers AS returning_customers,
       f.reactivated_customers,
       f.churned_customers,
       f.alive_at_end::BIGINT AS customers_at_end,
       round(f.churned_customers / nullif((f.alive_at_end - f.net_start)::BIGINT, 0), 4) AS churn_rate,
       f.customers_to_date::BIGINT AS customers_to_date,
       f.repeat_customers_to_date::BIGINT AS repeat_customers_to_date,
       round(f.repeat_customers_to_date::BIGINT / f.customers_to_date::BIGINT, 4) AS repeat_purchase_rate,
       round(f.avg_days_between_orders, 2) AS avg_days_between_orders,
       f.partial,
       p.n AS churn_inactivity_days,
       p.as_of
FROM flow f CROSS JOIN p
ORDER BY f.month;

DROP TABLE churn_orders;
