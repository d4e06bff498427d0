-- product_recommendations, the customers' side: what each customer bought, as their scoring and the model read it.
-- Inputs (TEMP views made by product-recommendations.ts): rec_lines (customer_id, sku, order_id, ordered_at: counted
-- purchases before as_of, of every customer or of the customers being rescored).
-- Variables: as_of, model_date (DATEs as text; model_date <= as_of), top_n, basket_cap, neighbours, min_together,
-- exclude_days (INTEGERs), repeat_weight, repeat_half_life (DOUBLEs).
-- Writes the TEMP tables rec_bought, rec_basket, rec_recent and rec_baskets; product-recommendations-model.sql builds
-- the shared model from them (a full build), product-recommendations-batch.sql scores the customers.

-- Customer x product matrix (binary: bought or not) with the latest purchase of each, the number of orders, and the
-- latest purchase before the model date (NULL when none): the model reads only purchases before it.
CREATE OR REPLACE TEMP TABLE rec_bought AS
SELECT customer_id, sku, max(ordered_at) AS last_at, count(DISTINCT order_id) AS orders,
       max(ordered_at) FILTER (WHERE ordered_at < getvariable('model_date')::DATE) AS model_last_at
FROM rec_lines GROUP BY customer_id, sku;

-- Only each customer's basket_cap most recent products are paired, so one wholesaler with 3,000 products adds at most
-- basket_cap^2 pairs, not 9 million: the pair count is bounded by customers x basket_cap^2. The customer's scoring
-- reads the same basket, purchases after the model date included.
CREATE OR REPLACE TEMP TABLE rec_basket AS
SELECT customer_id, sku FROM rec_bought
QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY last_at DESC, sku) <= getvariable('basket_cap');

-- What each customer bought on or after model_date - exclude_days (purchases after the model date too): never
-- recommended back to them. Relative to the model date, not as_of, so a customer's rows stay put until they buy again
-- or the model is refreshed.
CREATE OR REPLACE TEMP TABLE rec_recent AS
SELECT customer_id, sku FROM rec_bought
WHERE last_at >= getvariable('model_date')::DATE - to_days(getvariable('exclude_days')::INTEGER);

-- Each customer's purchases before the model date as one hash (products and their latest purchase: all the model
-- reads of a customer), to tell whether the model's input moved since it was built (late or corrected orders,
-- customers merged or split) without keeping the purchases themselves. A customer's products are distinct, so the XOR
-- of their hashes is a set hash; unlike a hash of the ordered list, it aggregates in parallel (8.6 s single-threaded
-- at 1M customers for the list). 63 bits of it, so it is a BIGINT.
CREATE OR REPLACE TEMP TABLE rec_baskets AS
SELECT customer_id, (bit_xor(hash(sku, model_last_at)) >> 1)::BIGINT AS basket
FROM rec_bought WHERE model_last_at IS NOT NULL GROUP BY customer_id;
