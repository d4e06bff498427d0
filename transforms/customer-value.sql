-- Historic customer value (net revenue to date) per customer and per acquisition cohort. Variables: as_of.
-- customer_value: one row per customer with at least one order before as_of (any order, so a customer whose
-- only order was cancelled has a row worth 0). historic_clv = sum of net_value of all their orders: sales,
-- minus refund lines and returns that arrive as their own negative orders. orders = counted orders (net > 0).
-- cohort_month = UTC month of the first counted order (NULL when there is none).
CREATE OR REPLACE TABLE customer_value AS
SELECT customer_id,
       date_trunc('month', min(ordered_at) FILTER (WHERE net_value > 0))::DATE AS cohort_month,
       min(ordered_at) FILTER (WHERE net_value > 0) AS first_order_at,
       max(ordered_at) FILTER (WHERE net_value > 0) AS last_order_at,
       count(*) FILTER (WHERE net_value > 0) AS orders,
       sum(net_value)::DECIMAL(18,2) AS historic_clv,
       round(sum(net_value) / nullif(count(*) FILTER (WHERE net_value > 0), 0), 2) AS avg_order_value,
       -- the mean gap between consecutive counted orders telescopes to (last - first) / (orders - 1)
       round(date_diff('day', min(ordered_at) FILTER (WHERE net_value > 0)::DATE, max(ordered_at) FILTER (WHERE net_value > 0)::DATE)
             / nullif(count(*) FILTER (WHERE net_value > 0) - 1, 0), 2) AS avg_days_between_orders,
       getvariable('as_of')::DATE AS as_of
FROM order_values
WHERE customer_id IS NOT NULL AND ordered_at < getvariable('as_of')::DATE
GROUP BY customer_id;

-- cohort_value: one row per acquisition month. historic_clv = the cohort's net revenue to date / its customers
-- (customers with no counted order belong to no cohort). repeat_purchase_rate = share with 2+ counted orders.
CREATE OR REPLACE TABLE cohort_value AS
SELECT cohort_month,
       count(*) AS customers,
       sum(historic_clv)::DECIMAL(18,2) AS net_revenue,
       round(sum(historic_clv) / count(*), 2) AS historic_clv,
       count(*) FILTER (WHERE orders >= 2) AS repeat_customers,
       round(count(*) FILTER (WHERE orders >= 2) / count(*), 4) AS repeat_purchase_rate,
       round(avg(orders), 2) AS avg_orders,
       getvariable('as_of')::DATE AS as_of
FROM customer_value
WHERE cohort_month IS NOT NULL
GROUP BY cohort_month
ORDER BY cohort_month;
