-- product_recommendations: next-best products by item-to-item co-purchase similarity (cosine), popularity fallback.
-- Inputs (TEMP views made by product-recommendations.ts): rec_lines (customer_id, sku, order_id, ordered_at: counted
-- purchases before as_of), rec_customers (customer_id: who gets recommendations), rec_inactive (sku: never recommended),
-- rec_names (sku, name: how a reason names a product; may be empty).
-- Variables: as_of (DATE as text), top_n, basket_cap, neighbours, min_together, exclude_days (INTEGERs),
-- repeat_weight, repeat_half_life (DOUBLEs).
-- Writes the TEMP tables every customer's scoring reads (rec_bought, rec_basket, rec_neighbours, rec_recent,
-- rec_popular); product-recommendations-batch.sql then scores the customers one batch at a time.

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

-- The most popular active products (customers who bought them); enough to fill top_n after a customer's exclusions
-- in all but extreme cases (see transforms/README.md).
CREATE OR REPLACE TEMP TABLE rec_popular AS
SELECT sku, customers, customers / (SELECT count(DISTINCT customer_id) FROM rec_bought) AS share,
       row_number() OVER (ORDER BY customers DESC, sku) AS pop_rank
FROM rec_item_customers
WHERE sku NOT IN (SELECT sku FROM rec_inactive)
ORDER BY customers DESC, sku
LIMIT getvariable('top_n') + 100;

