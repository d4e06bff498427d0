-- Monthly customer flow: active, new, returning, reactivated and churned customers, churn rate, repeat purchase
-- rate and days between orders. Variables: as_of (DATE text, exclusive), churn_days (inactivity window N).
-- Days are UTC days and months UTC calendar months; only counted orders (net_value > 0) with a customer count.
-- A customer churns on day d + N when they placed a counted order on day d and none on days d+1 .. d+N; they
-- count as churned in the month that contains d + N, once that day is before as_of. An order more than N days
-- after the previous one reactivates the customer. Between its churn day and a reactivating order a customer is
-- not active; a customer is alive on day x when they ordered on some day d <= x with x < d + N.

CREATE OR REPLACE TEMP TABLE churn_orders AS
SELECT customer_id, ordered_at::DATE AS day,
       lag(ordered_at::DATE) OVER w AS prev_day,
       lead(ordered_at::DATE) OVER w AS next_day,
       min(ordered_at::DATE) OVER (PARTITION BY customer_id) AS first_day
FROM order_values
WHERE customer_id IS NOT NULL AND net_value > 0 AND ordered_at < getvariable('as_of')::DATE
WINDOW w AS (PARTITION BY customer_id ORDER BY ordered_at, order_id);

CREATE OR REPLACE TABLE churn_metrics AS
WITH p AS (
  SELECT getvariable('as_of')::DATE AS as_of, getvariable('churn_days')::INTEGER AS n
), months AS (   -- every month from the first counted order to the as-of month; e = last day seen in the month
  SELECT m::DATE AS month, least((m + INTERVAL 1 MONTH)::DATE - 1, p.as_of - 1) AS e,
         (m + INTERVAL 1 MONTH)::DATE > p.as_of AS partial
  FROM p, unnest(generate_series(
    (SELECT date_trunc('month', min(day)) FROM churn_orders)::TIMESTAMP, (p.as_of - 1)::TIMESTAMP, INTERVAL 1 MONTH)) AS g(m)
), activity AS (
  SELECT m.month,
         count(DISTINCT o.customer_id) AS active_customers,
         count(DISTINCT o.customer_id) FILTER (WHERE o.first_day >= m.month) AS new_customers,
         count(DISTINCT o.customer_id) FILTER (WHERE o.day - o.prev_day > p.n) AS reactivated_customers,
         avg(o.day - o.prev_day) AS avg_days_between_orders   -- repeat orders placed this month, gap to the previous one
  FROM months m CROSS JOIN p JOIN churn_orders o ON o.day BETWEEN m.month AND m.e
  GROUP BY m.month
), churned AS (
  SELECT m.month, count(*) AS churned_customers
  FROM months m CROSS JOIN p JOIN churn_orders o
    ON o.day + p.n BETWEEN m.month AND m.e                          -- the churn day falls in this month, before as_of
   AND (o.next_day IS NULL OR o.next_day > o.day + p.n)              -- and no counted order came in time
  GROUP BY m.month
), stock AS (
  SELECT m.month,
         count(DISTINCT o.customer_id) FILTER (WHERE o.day < m.month AND o.day + p.n >= m.month) AS customers_at_start,
         count(DISTINCT o.customer_id) FILTER (WHERE o.day + p.n > m.e) AS customers_at_end,
         count(DISTINCT o.customer_id) AS customers_to_date,
         count(DISTINCT o.customer_id) FILTER (WHERE o.prev_day IS NOT NULL) AS repeat_customers_to_date
  FROM months m CROSS JOIN p JOIN churn_orders o ON o.day <= m.e
  GROUP BY m.month
)
SELECT m.month,
       s.customers_at_start,
       coalesce(a.active_customers, 0) AS active_customers,
       coalesce(a.new_customers, 0) AS new_customers,
       coalesce(a.active_customers - a.new_customers, 0) AS returning_customers,
       coalesce(a.reactivated_customers, 0) AS reactivated_customers,
       coalesce(c.churned_customers, 0) AS churned_customers,
       s.customers_at_end,
       round(coalesce(c.churned_customers, 0) / nullif(s.customers_at_start, 0), 4) AS churn_rate,
       s.customers_to_date,
       s.repeat_customers_to_date,
       round(s.repeat_customers_to_date / s.customers_to_date, 4) AS repeat_purchase_rate,
       round(a.avg_days_between_orders, 2) AS avg_days_between_orders,
       m.partial,
       p.n AS churn_inactivity_days,
       p.as_of
FROM months m CROSS JOIN p
JOIN stock s USING (month)
LEFT JOIN activity a USING (month)
LEFT JOIN churned c USING (month)
ORDER BY m.month;

DROP TABLE churn_orders;
