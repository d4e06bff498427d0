-- product_recommendations, the shared model: cosine co-purchase similarity and popularity from purchases before
-- model_date (a full build only; a daily run between refreshes reads the stored model instead).
-- Inputs: the TEMP tables of product-recommendations.sql over every customer (rec_bought, rec_basket), and the TEMP
-- views rec_inactive (sku: never recommended). Variables as product-recommendations.sql.
-- Writes the TEMP tables rec_neighbours (item, other, together, similarity) and rec_popular (sku, customers, share,
-- pop_rank), which product-recommendations-batch.sql reads and product-recommendations.ts stores.

-- The model's purchases: those before the model date, each product with its latest purchase before it.
CREATE OR REPLACE TEMP VIEW rec_model_bought AS
SELECT customer_id, sku, model_last_at AS last_at FROM rec_bought WHERE model_last_at IS NOT NULL;

-- Customers per product: the norm of the product's column in the binary matrix (cosine's denominator) and popularity.
CREATE OR REPLACE TEMP TABLE rec_item_customers AS
SELECT sku, count(*) AS customers FROM rec_model_bought GROUP BY sku;

-- Each customer's basket_cap most recent products before the model date (see rec_basket). When the model date is
-- as_of nothing falls after it, so that is rec_basket itself (not ranked a second time).
CREATE OR REPLACE TEMP TABLE rec_model_basket AS
SELECT customer_id, sku FROM rec_basket WHERE getvariable('model_date') = getvariable('as_of')
UNION ALL
SELECT customer_id, sku FROM (
  SELECT customer_id, sku FROM rec_model_bought
  WHERE getvariable('model_date') <> getvariable('as_of')
  QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY last_at DESC, sku) <= getvariable('basket_cap')
);

-- Co-purchase counts (customers who bought both), cosine similarity, and each product's `neighbours` nearest products.
-- Pairs seen fewer than min_together times are noise and dropped before the window.
CREATE OR REPLACE TEMP TABLE rec_neighbours AS
WITH pairs AS (
  SELECT a.sku AS item, b.sku AS other, count(*) AS together
  FROM rec_model_basket a JOIN rec_model_basket b ON a.customer_id = b.customer_id AND a.sku <> b.sku
  GROUP BY a.sku, b.sku
  HAVING count(*) >= getvariable('min_together')
)
SELECT p.item, p.other, p.together, p.together / sqrt(ia.customers * ib.customers) AS similarity
FROM pairs p
JOIN rec_item_customers ia ON ia.sku = p.item
JOIN rec_item_customers ib ON ib.sku = p.other
WHERE p.other NOT IN (SELECT sku FROM rec_inactive)
QUALIFY row_number() OVER (PARTITION BY p.item ORDER BY similarity DESC, p.other) <= getvariable('neighbours');

-- The most popular active products (customers who bought them); enough to fill top_n after a customer's exclusions
-- in all but extreme cases (see transforms/README.md).
CREATE OR REPLACE TEMP TABLE rec_popular AS
SELECT sku, customers, customers / (SELECT count(DISTINCT customer_id) FROM rec_model_bought) AS share,
       row_number() OVER (ORDER BY customers DESC, sku) AS pop_rank
FROM rec_item_customers
WHERE sku NOT IN (SELECT sku FROM rec_inactive)
ORDER BY customers DESC, sku
LIMIT getvariable('top_n') + 100;
