-- product_recommendations: next-best products by item-to-item co-purchase similarity (cosine), popularity fallback.
-- Inputs (TEMP views made by product-recommendations.ts): rec_lines (customer_id, sku, order_id, ordered_at: counted
-- purchases before as_of), rec_customers (customer_id: who gets recommendations), rec_inactive (sku: never recommended),
-- rec_names (sku, name: how a reason names a product; may be empty).
-- Variables: as_of (DATE as text), top_n, basket_cap, neighbours, min_together, exclude_days (INTEGERs),
-- repeat_weight, repeat_half_life (DOUBLEs).
-- Writes the TEMP table rec_out (the model's rows); the TS puts it in place.

-- Customer x product matrix (binary: bought or not) with the latest purchase of each and the number of orders.
CREATE OR REPLACE TEMP TABLE rec_bought AS
SELECT customer_id, sku, max(ordered_at) AS last_at, count(DISTINCT order_id) AS orders
FROM rec_lines GROUP BY customer_id, sku;

-- Customers per product: the norm of the product's column in the binary matrix (cosine's denominator) and popularity.
CREATE OR REPLACE TEMP TABLE rec_item_customers AS
SELECT sku, count(*) AS customers FROM rec_bought GROUP BY sku;

-- Only each customer's basket_cap most recent products are paired, so one wholesaler with 3,000 products adds at most
-- basket_cap^2 pairs, not 9 million: the pair count is bounded by customers x basket_cap^2.
CREATE OR REPLACE TEMP TABLE rec_basket AS
SELECT customer_id, sku FROM rec_bought
QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY last_at DESC, sku) <= getvariable('basket_cap');

-- Co-purchase counts (customers who bought both), cosine similarity, and each product's `neighbours` nearest products.
-- Pairs seen fewer than min_together times are noise and dropped before the window.
CREATE OR REPLACE TEMP TABLE rec_neighbours AS
WITH pairs AS (
  SELECT a.sku AS item, b.sku AS other, count(*) AS together
  FROM rec_basket a JOIN rec_basket b ON a.customer_id = b.customer_id AND a.sku <> b.sku
  GROUP BY a.sku, b.sku
  HAVING count(*) >= getvariable('min_together')
)
SELECT p.item, p.other, p.together, p.together / sqrt(ia.customers * ib.customers) AS similarity
FROM pairs p
JOIN rec_item_customers ia ON ia.sku = p.item
JOIN rec_item_customers ib ON ib.sku = p.other
WHERE p.other NOT IN (SELECT sku FROM rec_inactive)
QUALIFY row_number() OVER (PARTITION BY p.item ORDER BY similarity DESC, p.other) <= getvariable('neighbours');

-- What each customer bought in the exclude_days before as_of: never recommended back to them.
CREATE OR REPLACE TEMP TABLE rec_recent AS
SELECT customer_id, sku FROM rec_bought
WHERE last_at >= getvariable('as_of')::DATE - to_days(getvariable('exclude_days')::INTEGER);

-- A candidate's score adds two kinds of evidence:
--  * co-purchase: its similarity to each of the customer's paired products;
--  * repeat: a product the customer bought before the exclusion window (a staple) scores
--    repeat_weight x orders x 0.5^(days since last bought / repeat_half_life), so a product ordered often and not long
--    ago comes back first. Weight and half-life were chosen on an earlier split than the one the docs report.
-- Its reason is the largest single contribution: the product it was most bought with, or the customer's own orders.
CREATE OR REPLACE TEMP TABLE rec_scored AS
WITH evidence AS (
  SELECT b.customer_id, n.other AS sku, n.similarity AS part, n.item AS because, n.together, NULL::BIGINT AS orders, NULL::DATE AS last_on
  FROM rec_basket b JOIN rec_neighbours n ON n.item = b.sku
  UNION ALL
  SELECT customer_id, sku, getvariable('repeat_weight') * orders * pow(0.5, (getvariable('as_of')::DATE - last_at::DATE) / getvariable('repeat_half_life')),
         NULL, NULL, orders, last_at::DATE
  FROM rec_bought
  WHERE getvariable('repeat_weight') > 0 AND sku NOT IN (SELECT sku FROM rec_inactive)
)
SELECT e.customer_id, e.sku, sum(e.part) AS score,
       arg_max({ because: e.because, together: e.together, orders: e.orders, last_on: e.last_on }, (e.part, coalesce(e.because, ''))) AS top
FROM evidence e
ANTI JOIN rec_recent r ON r.customer_id = e.customer_id AND r.sku = e.sku
WHERE e.customer_id IN (SELECT customer_id FROM rec_customers)
GROUP BY e.customer_id, e.sku;

-- The most popular active products (customers who bought them); enough to fill top_n after a customer's exclusions
-- in all but extreme cases (see transforms/README.md).
CREATE OR REPLACE TEMP TABLE rec_popular AS
SELECT sku, customers, customers / (SELECT count(DISTINCT customer_id) FROM rec_bought) AS share
FROM rec_item_customers
WHERE sku NOT IN (SELECT sku FROM rec_inactive)
ORDER BY customers DESC, sku
LIMIT getvariable('top_n') + 100;

-- Similar products first (by score), then popular ones to fill up to top_n (new customers get only these).
CREATE OR REPLACE TEMP TABLE rec_out AS
WITH short AS (
  SELECT c.customer_id FROM rec_customers c
  LEFT JOIN (SELECT customer_id, count(*) AS n FROM rec_scored GROUP BY customer_id) s USING (customer_id)
  WHERE coalesce(s.n, 0) < getvariable('top_n')
),
candidates AS (
  SELECT sc.customer_id, sc.sku, sc.score, 0 AS tier,
         CASE WHEN sc.top.because IS NULL
              THEN 'bought again: ordered ' || sc.top.orders || ' time' || CASE WHEN sc.top.orders = 1 THEN '' ELSE 's' END || ', last on ' || sc.top.last_on
              ELSE 'bought with ' || coalesce(nb.name || ' (' || sc.top.because || ')', sc.top.because) || ' by ' || sc.top.together || ' customers' END AS reason
  FROM rec_scored sc LEFT JOIN rec_names nb ON nb.sku = sc.top.because
  UNION ALL
  SELECT s.customer_id, p.sku, p.share AS score, 1 AS tier, 'popular: bought by ' || p.customers || ' customers' AS reason
  FROM short s CROSS JOIN rec_popular p
  ANTI JOIN rec_recent r ON r.customer_id = s.customer_id AND r.sku = p.sku
),
ranked AS (
  SELECT * FROM candidates
  QUALIFY row_number() OVER (PARTITION BY customer_id, sku ORDER BY tier) = 1   -- similar beats popular for one product
)
SELECT customer_id, row_number() OVER (PARTITION BY customer_id ORDER BY tier, score DESC, sku)::INTEGER AS rank,
       sku, round(score, 6)::DOUBLE AS score, reason
FROM ranked
QUALIFY rank <= getvariable('top_n');
