-- Customers by acquisition month and, for every month since (up to the as-of month), the share who ordered
-- again and the cohort's net revenue relative to its first month. Variables: as_of (DATE text, exclusive).
-- Months are UTC calendar months. A customer's cohort is the month of their first counted order (net_value > 0).
-- active_customers: cohort members with a counted order in the month; retention_rate = active / cohort size.
-- revenue: net value of all the members' orders in the month, returns as their own negative orders included
-- (orders before the cohort month, i.e. returns of purchases older than the data, belong to no month);
-- revenue_retention = revenue / month-0 revenue (NULL when month-0 revenue is not positive).
-- Every month from 0 to the as-of month has a row, with 0 when nobody in the cohort ordered.
CREATE OR REPLACE TABLE cohort_retention AS
WITH orders AS (
  SELECT customer_id, date_trunc('month', ordered_at)::DATE AS month, net_value, net_value > 0 AS counted
  FROM order_values
  WHERE customer_id IS NOT NULL AND ordered_at < getvariable('as_of')::DATE
), cohorts AS (
  SELECT customer_id, min(month) AS cohort_month FROM orders WHERE counted GROUP BY customer_id
), sizes AS (
  SELECT cohort_month, count(*) AS cohort_customers FROM cohorts GROUP BY cohort_month
), grid AS (
  SELECT s.cohort_month, s.cohort_customers, unnest(range(0,
           date_diff('month', s.cohort_month, date_trunc('month', getvariable('as_of')::DATE - 1)::DATE) + 1)) AS months_since
  FROM sizes s
), activity AS (
  SELECT c.cohort_month, date_diff('month', c.cohort_month, o.month) AS months_since,
         count(DISTINCT o.customer_id) FILTER (WHERE o.counted) AS active_customers, sum(o.net_value) AS revenue
  FROM orders o JOIN cohorts c USING (customer_id)
  WHERE o.month >= c.cohort_month                       -- a return of a purchase older than the data has no month
  GROUP BY ALL
), filled AS (
  SELECT g.cohort_month, g.months_since, g.cohort_customers,
         coalesce(a.active_customers, 0) AS active_customers, coalesce(a.revenue, 0)::DECIMAL(18,2) AS revenue
  FROM grid g LEFT JOIN activity a USING (cohort_month, months_since)
)
SELECT cohort_month, months_since, cohort_customers, active_customers,
       round(active_customers / cohort_customers, 4) AS retention_rate,
       revenue,
       round(revenue / nullif(greatest(first_value(revenue) OVER w, 0), 0), 4) AS revenue_retention,
       getvariable('as_of')::DATE AS as_of
FROM filled
WINDOW w AS (PARTITION BY cohort_month ORDER BY months_since)
ORDER BY cohort_month, months_since;
