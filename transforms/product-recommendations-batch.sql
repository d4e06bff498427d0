-- product_recommendations, per batch of customers: scores each customer's candidates and keeps the top_n.
-- Reads the TEMP tables of product-recommendations.sql, the model (rec_neighbours, rec_popular: built by
-- product-recommendations-model.sql or read from the stored model) and the TEMP table rec_batch (customer_id: the
-- customers of this batch). A customer's rows depend only on their own purchases, the model and the model date, so
-- scoring in batches gives the rows one pass over everyone would, while the evidence (basket x neighbours per
-- customer) stays bounded in memory (at 1M customers one pass ran DuckDB out of memory), and a daily run rescores
-- only the customers whose purchases changed.
-- Variables as product-recommendations.sql. Writes the TEMP table rec_batch_out (this batch's rows).

-- A candidate's score adds two kinds of evidence:
--  * co-purchase: its similarity to each of the customer's paired products;
--  * repeat: a product the customer bought before the exclusion window (a staple) scores
--    repeat_weight x orders x 0.5^(days from last bought to the model date / repeat_half_life), so a product ordered
--    often and not long ago comes back first. Weight and half-life were chosen on an earlier split than the one the docs report.
-- Its reason is the largest single contribution: the product it was most bought with, or the customer's own orders.
CREATE OR REPLACE TEMP TABLE rec_scored AS
WITH evidence AS (
  SELECT b.customer_id, n.other AS sku, n.similarity AS part, n.item AS because
  FROM rec_basket b JOIN rec_neighbours n ON n.item = b.sku
  WHERE b.customer_id IN (SELECT customer_id FROM rec_batch)
  UNION ALL
  SELECT customer_id, sku,
         getvariable('repeat_weight') * orders * pow(0.5, greatest(0, getvariable('model_date')::DATE - last_at::DATE) / getvariable('repeat_half_life')),
         NULL
  FROM rec_bought
  WHERE getvariable('repeat_weight') > 0 AND customer_id IN (SELECT customer_id FROM rec_batch) AND sku NOT IN (SELECT sku FROM rec_inactive)
)
-- Only which part was largest is kept here (its product, '' for the customer's own orders); what the reason says about
-- it is looked up for the kept rows alone (most candidates are ranked away, and carrying it through this grouping of
-- every candidate cost most of the step).
SELECT e.customer_id, e.sku, sum(e.part) AS score, max({ part: e.part, because: coalesce(e.because, '') }) AS top
FROM evidence e
ANTI JOIN rec_recent r ON r.customer_id = e.customer_id AND r.sku = e.sku
GROUP BY e.customer_id, e.sku;

-- Similar products first (by score), then popular ones to fill up to top_n (new customers get only these); a popular
-- product the customer already has a similarity score for is not a second candidate (similar beats popular). Reasons
-- are written for the kept rows only: most candidates are ranked away.
CREATE OR REPLACE TEMP TABLE rec_batch_out AS
-- A short customer needs at most top_n popular products; of the most popular ones, at most one per scored or recently
-- bought product is left out, so the first top_n + scored + recent are enough (not all of rec_popular for everyone:
-- at 1M customers most have bought nothing, and they were most of this step's rows).
WITH short AS (
  SELECT c.customer_id, getvariable('top_n') + coalesce(s.n, 0) + coalesce(r.n, 0) AS need FROM rec_batch c
  LEFT JOIN (SELECT customer_id, count(*) AS n FROM rec_scored GROUP BY customer_id) s USING (customer_id)
  LEFT JOIN (SELECT customer_id, count(*) AS n FROM rec_recent SEMI JOIN rec_batch USING (customer_id) GROUP BY customer_id) r USING (customer_id)
  WHERE coalesce(s.n, 0) < getvariable('top_n')
),
candidates AS (
  SELECT customer_id, sku, score, 0 AS tier, top, NULL::BIGINT AS popular_customers FROM rec_scored
  UNION ALL
  SELECT s.customer_id, p.sku, p.share, 1, NULL, p.customers
  FROM short s JOIN rec_popular p ON p.pop_rank <= s.need
  ANTI JOIN rec_recent r ON r.customer_id = s.customer_id AND r.sku = p.sku
  ANTI JOIN rec_scored sc ON sc.customer_id = s.customer_id AND sc.sku = p.sku
),
kept AS (
  SELECT *, top.because AS because, row_number() OVER (PARTITION BY customer_id ORDER BY tier, score DESC, sku)::INTEGER AS rank
  FROM candidates
  QUALIFY rank <= getvariable('top_n')
)
SELECT k.customer_id, k.rank, k.sku, round(k.score, 6)::DOUBLE AS score,
       CASE WHEN k.tier = 1 THEN 'popular: bought by ' || k.popular_customers || ' customers'
            WHEN k.because = ''
            THEN 'bought again: ordered ' || b.orders || ' time' || CASE WHEN b.orders = 1 THEN '' ELSE 's' END || ', last on ' || b.last_at::DATE
            ELSE 'bought with ' || coalesce(nb.name || ' (' || k.because || ')', k.because) || ' by ' || n.together || ' customers' END AS reason
FROM kept k
LEFT JOIN rec_names nb ON nb.sku = k.because
LEFT JOIN rec_neighbours n ON n.item = k.because AND n.other = k.sku
LEFT JOIN rec_bought b ON b.customer_id = k.customer_id AND b.sku = k.sku;
