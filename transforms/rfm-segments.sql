-- RFM scores for customers with at least one counted order, as of a date (the segment is named in TS).
-- Variables: as_of (DATE text, exclusive end of history), window_days (0 = all history).
-- Days are UTC days: ordered_at is stored in UTC and ::DATE takes its UTC date.
-- recency_days: whole days from the UTC date of the last counted order (net_value > 0) to as_of.
-- frequency:    counted orders (distinct order ids with net_value > 0) before as_of, all history.
-- monetary:     sum of net_value of all the customer's orders (returns as their own negative orders included)
--               whose UTC date is in [as_of - window_days, as_of); all history when window_days = 0.
-- Scores: 1 + floor(5 * percent_rank), capped at 5, over the customers ordered so that better is higher
-- (recency descending). percent_rank = (rank - 1) / (n - 1) and tied values share a rank, so ties always
-- share a score. A single customer scores 5 on every axis.

CREATE OR REPLACE TEMP TABLE rfm_base AS
SELECT customer_id,
       date_diff('day', max(ordered_at) FILTER (WHERE net_value > 0)::DATE, getvariable('as_of')::DATE) AS recency_days,
       count(*) FILTER (WHERE net_value > 0) AS frequency,
       coalesce(sum(net_value) FILTER (
         WHERE getvariable('window_days') = 0
            OR ordered_at::DATE >= getvariable('as_of')::DATE - getvariable('window_days')::INTEGER   -- window bounds monetary only
       ), 0)::DECIMAL(18,2) AS monetary
FROM order_values
WHERE customer_id IS NOT NULL                          -- orders with no identifier belong to no customer
  AND ordered_at < getvariable('as_of')::DATE          -- also when order_values was built for a later date
GROUP BY customer_id
HAVING count(*) FILTER (WHERE net_value > 0) > 0;      -- only customers with a counted order get a row

-- Integer arithmetic: 5 * (rank - 1) // (n - 1) is floor(5 * percent_rank) exactly, with no floating-point edge.
CREATE OR REPLACE TEMP TABLE rfm_scored AS
SELECT *,
  CASE WHEN count(*) OVER () = 1 THEN 5 ELSE 1 + least(4, (5 * (rank() OVER (ORDER BY recency_days DESC) - 1)) // (count(*) OVER () - 1))::INTEGER END AS r_score,
  CASE WHEN count(*) OVER () = 1 THEN 5 ELSE 1 + least(4, (5 * (rank() OVER (ORDER BY frequency) - 1)) // (count(*) OVER () - 1))::INTEGER END AS f_score,
  CASE WHEN count(*) OVER () = 1 THEN 5 ELSE 1 + least(4, (5 * (rank() OVER (ORDER BY monetary) - 1)) // (count(*) OVER () - 1))::INTEGER END AS m_score
FROM rfm_base;
