-- RFM scores and named segments for customers with at least one counted order, as of a date.
-- Variables: as_of (DATE text, exclusive), window_days (0 = all history), segment_case (via string templating in TS).
-- Scores: 1 + floor(5 * percent_rank) over the customers, ordered so that better is higher; percent_rank gives
-- tied values the same rank, so ties always get the same score. A single customer scores 5 on every axis.

CREATE OR REPLACE TEMP TABLE rfm_base AS
SELECT customer_id,
       date_diff('day', max(ordered_at) FILTER (WHERE net_value > 0)::DATE, getvariable('as_of')::DATE) AS recency_days,
       count(*) FILTER (WHERE net_value > 0) AS frequency,
       sum(net_value)::DECIMAL(18,2) AS monetary
FROM order_values
WHERE customer_id IS NOT NULL
  AND (getvariable('window_days') = 0 OR ordered_at >= getvariable('as_of')::DATE - to_days(getvariable('window_days')))
GROUP BY customer_id
HAVING count(*) FILTER (WHERE net_value > 0) > 0;   -- only customers with a counted order get a row

CREATE OR REPLACE TEMP TABLE rfm_scored AS
SELECT *,
  CASE WHEN count(*) OVER () = 1 THEN 5 ELSE 1 + least(4, floor(5 * percent_rank() OVER (ORDER BY recency_days DESC)))::INTEGER END AS r_score,
  CASE WHEN count(*) OVER () = 1 THEN 5 ELSE 1 + least(4, floor(5 * percent_rank() OVER (ORDER BY frequency)))::INTEGER END AS f_score,
  CASE WHEN count(*) OVER () = 1 THEN 5 ELSE 1 + least(4, floor(5 * percent_rank() OVER (ORDER BY monetary)))::INTEGER END AS m_score
FROM rfm_base;
