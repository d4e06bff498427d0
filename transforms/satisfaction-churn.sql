-- Churn and repeat purchase by NPS group and by responsiveness band, from customer_360 (as of the same date).
-- Variables: as_of (DATE text, exclusive), churn_days, sla_minutes. Buyers only: customers with a counted order.
-- Churned at as_of: the latest counted order's UTC day + churn_days is before as_of (churn_metrics' definition, so
-- the customer counts as churned by then). Repeat: two or more counted orders.
-- NPS group: latest NPS answer before as_of: promoter 9-10, passive 7-8, detractor 0-6, else 'no answer'.
-- Responsiveness band: 'unanswered' when a conversation they opened never got an answer; else by the median minutes
-- to their first answers: 'within SLA' (<= sla_minutes) or 'over SLA'; 'no conversation' when they opened none.
-- An association, not a cause: a detractor may answer the survey after they stopped buying.
CREATE OR REPLACE TABLE satisfaction_churn AS
WITH p AS (
  SELECT getvariable('as_of')::DATE AS as_of, getvariable('churn_days')::INTEGER AS churn_days, getvariable('sla_minutes')::INTEGER AS sla
), buyers AS (
  SELECT c.*, (c.last_order_at::DATE + p.churn_days < p.as_of) AS is_churned, c.orders >= 2 AS is_repeat
  FROM customer_360 c, p WHERE c.orders > 0
), groups(grouping, group_name, group_order) AS (
  VALUES ('nps_group', 'promoter', 1), ('nps_group', 'passive', 2), ('nps_group', 'detractor', 3), ('nps_group', 'no answer', 4),
         ('responsiveness_band', 'within SLA', 1), ('responsiveness_band', 'over SLA', 2), ('responsiveness_band', 'unanswered', 3), ('responsiveness_band', 'no conversation', 4)
), member AS (
  SELECT 'nps_group' AS grouping,
         CASE WHEN last_nps_score >= 9 THEN 'promoter' WHEN last_nps_score >= 7 THEN 'passive' WHEN last_nps_score >= 0 THEN 'detractor' ELSE 'no answer' END AS group_name,
         is_churned, is_repeat FROM buyers
  UNION ALL
  SELECT 'responsiveness_band',
         CASE WHEN unanswered_conversations > 0 THEN 'unanswered'
              WHEN median_first_response_minutes <= (SELECT sla FROM p) THEN 'within SLA'
              WHEN median_first_response_minutes > (SELECT sla FROM p) THEN 'over SLA'
              ELSE 'no conversation' END,
         is_churned, is_repeat FROM buyers
), counts AS (
  SELECT g.grouping, g.group_name, g.group_order, count(m.group_name) AS n,
         count(*) FILTER (WHERE m.is_churned) AS churned, count(*) FILTER (WHERE m.is_repeat) AS repeats
  FROM groups g LEFT JOIN member m USING (grouping, group_name) GROUP BY ALL
), rated AS (
  SELECT *, CASE WHEN n > 0 THEN churned / n END AS r, 1.96 AS z FROM counts
)
SELECT grouping, group_name, group_order::INTEGER AS group_order, n::BIGINT AS customers, churned::BIGINT AS churned, r::DOUBLE AS churn_rate,
       -- Wilson: (r + z^2/2n -+ z sqrt(r(1-r)/n + z^2/4n^2)) / (1 + z^2/n), as CSAT's interval in satisfaction_scores
       ((r + z * z / (2 * n) - z * sqrt(r * (1 - r) / n + z * z / (4 * n * n))) / (1 + z * z / n))::DOUBLE AS churn_rate_ci_low,
       ((r + z * z / (2 * n) + z * sqrt(r * (1 - r) / n + z * z / (4 * n * n))) / (1 + z * z / n))::DOUBLE AS churn_rate_ci_high,
       repeats::BIGINT AS repeat_customers, (CASE WHEN n > 0 THEN repeats / n END)::DOUBLE AS repeat_rate,
       (SELECT churn_days FROM p) AS churn_days, (SELECT sla FROM p) AS sla_minutes, (SELECT as_of FROM p) AS as_of
FROM rated ORDER BY grouping, group_order;
