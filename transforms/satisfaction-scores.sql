-- Survey scores per survey and UTC month, with a 95% confidence interval (z = 1.96) so a small month is not
-- over-read. Variables: as_of (DATE text, exclusive). Scores out of range never get here (the loader quarantines them).
-- NPS = 100 * (promoters 9-10 - detractors 0-6) / responses. Each response is +1, 0 or -1; with shares p and d the
--   variance is p + d - (p - d)^2, so NPS +- 100 * 1.96 * sqrt((p + d - (p - d)^2) / n), clipped to -100..100.
-- CSAT = 100 * share of 4-5 scores; Wilson score interval for that share (stays inside 0..100, fine at small n).
-- CES = mean score (1-7); mean +- 1.96 * sample standard deviation / sqrt(n) (normal approximation; NULL when n < 2).

CREATE OR REPLACE TABLE satisfaction_scores AS
WITH p AS (SELECT getvariable('as_of')::DATE AS as_of, 1.96 AS z),
r AS (
  SELECT survey, date_trunc('month', occurred_at)::DATE AS month, count(*) AS n,
         count(*) FILTER (WHERE score >= 9) AS promoters, count(*) FILTER (WHERE score <= 6) AS detractors,
         count(*) FILTER (WHERE score >= 4) AS satisfied, avg(score) AS mean, stddev_samp(score) AS sd
  FROM survey_responses WHERE occurred_at < (SELECT as_of FROM p)
  GROUP BY ALL
), s AS (
  SELECT r.*, p.z, promoters / n AS ps, detractors / n AS ds, satisfied / n AS cs FROM r, p
), scored AS (
  SELECT *,
    CASE survey
      WHEN 'nps' THEN 100 * (ps - ds)
      WHEN 'csat' THEN 100 * cs
      ELSE mean END AS score,
    CASE survey
      WHEN 'nps' THEN 100 * z * sqrt((ps + ds - (ps - ds) ^ 2) / n)
      WHEN 'ces' THEN z * sd / sqrt(n) END AS half_width,
    -- Wilson: (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)
    (cs + z * z / (2 * n)) / (1 + z * z / n) AS wilson_centre,
    z * sqrt(cs * (1 - cs) / n + z * z / (4 * n * n)) / (1 + z * z / n) AS wilson_half
  FROM s
)
SELECT survey, month, n::BIGINT AS responses, score::DOUBLE AS score,
       (CASE survey WHEN 'nps' THEN greatest(-100, score - half_width) WHEN 'csat' THEN 100 * (wilson_centre - wilson_half) ELSE score - half_width END)::DOUBLE AS ci_low,
       (CASE survey WHEN 'nps' THEN least(100, score + half_width) WHEN 'csat' THEN 100 * (wilson_centre + wilson_half) ELSE score + half_width END)::DOUBLE AS ci_high,
       (CASE WHEN survey = 'nps' THEN promoters END)::BIGINT AS promoters,
       (CASE WHEN survey = 'nps' THEN detractors END)::BIGINT AS detractors,
       (CASE WHEN survey = 'csat' THEN satisfied END)::BIGINT AS satisfied,
       (month + INTERVAL 1 MONTH)::DATE > (SELECT as_of FROM p) AS partial, (SELECT as_of FROM p) AS as_of
FROM scored ORDER BY month, survey;
