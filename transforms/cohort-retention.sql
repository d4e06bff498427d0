-- Customers by acquisition month (first counted order) and, for each month since, the share who ordered again
-- and the revenue they brought relative to the cohort's first month. Variables: as_of.
CREATE OR REPLACE TABLE cohort_retention AS
WITH counted AS (
  SELECT customer_id, date_trunc('month', ordered_at)::DATE AS month, net_value
  FROM order_values WHERE customer_id IS NOT NULL AND net_value > 0
), cohorts AS (
  SELECT customer_id, min(month) AS cohort_month FROM counted GROUP BY customer_id
), sizes AS (
  SELECT cohort_month, count(*) AS cohort_customers FROM cohorts GROUP BY cohort_month
), activity AS (
  SELECT c.cohort_month, date_diff('month', c.cohort_month, o.month) AS months_since,
         count(DISTINCT o.customer_id) AS active_customers, sum(o.net_value) AS revenue
  FROM counted o JOIN cohorts c USING (customer_id) GROUP BY ALL
)
SELECT a.cohort_month, a.months_since, s.cohort_customers, a.active_customers,
       round(a.active_customers / s.cohort_customers, 4) AS retention_rate,
       a.revenue::DECIMAL(18,2) AS revenue,
       round(a.revenue / first_value(a.revenue) OVER (PARTITION BY a.cohort_month ORDER BY a.months_since), 4) AS revenue_retention,
       getvariable('as_of')::DATE AS as_of
FROM activity a JOIN sizes s USING (cohort_month)
ORDER BY a.cohort_month, a.months_since;
