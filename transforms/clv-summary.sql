-- Per-customer BG/NBD and Gamma-Gamma inputs (x, t_x, T, monetary, holdout purchases) from raw transactions.
-- Input: the temp view clv_transactions(customer_id VARCHAR, day DATE, amount DOUBLE), made by clv-summary.ts.
-- Variables: calibration_end (DATE text, inclusive), holdout_end (DATE text, inclusive; '' = no holdout),
-- period_days (1 = days, 7 = weeks). Same definitions as the pure transforms/clv/summarize-transactions.ts:
-- same-day purchases are one transaction; x counts calibration transactions after the first; times are day
-- differences divided by period_days; monetary is the mean of the repeat transactions (the first excluded).

CREATE OR REPLACE TEMP TABLE clv_days AS
SELECT customer_id, day, sum(amount) AS amount      -- same-day purchases merged into one transaction
FROM clv_transactions
WHERE customer_id IS NOT NULL
  AND day <= coalesce(nullif(getvariable('holdout_end'), '')::DATE, getvariable('calibration_end')::DATE)  -- later days are ignored
GROUP BY customer_id, day;

CREATE OR REPLACE TEMP TABLE clv_summary AS
WITH cohort AS (
  SELECT customer_id, min(day) AS first_day
  FROM clv_days GROUP BY customer_id
  HAVING min(day) <= getvariable('calibration_end')::DATE   -- first purchase after calibration: not in the cohort
), per_customer AS (
  SELECT d.customer_id, c.first_day,
         count(*) FILTER (WHERE d.day <= getvariable('calibration_end')::DATE) - 1 AS x,
         max(d.day) FILTER (WHERE d.day <= getvariable('calibration_end')::DATE) AS last_day,
         sum(d.amount) FILTER (WHERE d.day > c.first_day AND d.day <= getvariable('calibration_end')::DATE) AS repeat_value,
         sum(d.amount) FILTER (WHERE d.day <= getvariable('calibration_end')::DATE) AS calibration_value,
         count(*) FILTER (WHERE d.day > getvariable('calibration_end')::DATE) AS holdout_purchases
  FROM clv_days d JOIN cohort c USING (customer_id)
  GROUP BY d.customer_id, c.first_day
)
SELECT customer_id,
       x::DOUBLE AS x,
       date_diff('day', first_day, last_day) / getvariable('period_days')::DOUBLE AS t_x,
       date_diff('day', first_day, getvariable('calibration_end')::DATE) / getvariable('period_days')::DOUBLE AS "T",
       CASE WHEN x > 0 THEN repeat_value / x ELSE 0 END::DOUBLE AS monetary,
       calibration_value::DOUBLE AS calibration_value,
       holdout_purchases::DOUBLE AS holdout_purchases
FROM per_customer;

DROP TABLE clv_days;
