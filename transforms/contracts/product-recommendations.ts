// Output columns of `product_recommendations` (built by transforms/product-recommendations.ts).
import { defineModel } from './model-contract.js';

export const productRecommendations = defineModel({
  table: 'product_recommendations', kind: 'table', oneRowPer: 'customer and recommended product (count per customer, default 5)',
  file: 'transforms/product-recommendations.ts', builtBy: 'the product_recommendations transform',
  columns: {
    customer_id: { type: 'VARCHAR', meaning: 'The customer (every customer of customer_360).' },
    rank: { type: 'INTEGER', meaning: '1 = best; co-purchase recommendations first, then popular products.' },
    sku: { type: 'VARCHAR', meaning: 'The recommended product; never one the customer bought recently, never an inactive product.' },
    score: { type: 'DOUBLE', meaning: 'Sum of cosine co-purchase similarities to the customer\'s products plus 3 x orders x 0.5^(days since last bought / 180) for a product they bought before the exclusion window; for popular products, the share of customers who bought it.' },
    reason: { type: 'VARCHAR', meaning: "Why, in words: 'bought with X by N customers', 'bought again: ordered N times, last on D' or 'popular: bought by N customers'." },
  },
});

const model = { file: 'transforms/product-recommendations.ts', builtBy: 'the product_recommendations transform, when it rebuilds its model' };

export const productSimilarity = defineModel({
  table: 'product_similarity', kind: 'table', oneRowPer: 'product and one of its nearest products (the stored co-purchase model)', ...model,
  columns: {
    model_date: { type: 'DATE', meaning: 'The model date: the similarities count the purchases before it (the as-of date, or the Monday of its week or the first of its month; `modelRefresh`).' },
    item: { type: 'VARCHAR', meaning: 'A product bought before the model date.' },
    other: { type: 'VARCHAR', meaning: 'One of its `neighbours` most similar active products.' },
    together: { type: 'BIGINT', meaning: 'Customers who bought both (among their `basketCap` most recent products); at least `minTogether`.' },
    similarity: { type: 'DOUBLE', meaning: 'Cosine similarity: together / sqrt(customers of item x customers of other).' },
  },
});

export const productPopularity = defineModel({
  table: 'product_popularity', kind: 'table', oneRowPer: 'popular active product (count + 100 of them; the stored popularity fallback)', ...model,
  columns: {
    model_date: { type: 'DATE', meaning: 'The model date: the counts are of purchases before it.' },
    pop_rank: { type: 'BIGINT', meaning: '1 = bought by most customers; ties by SKU.' },
    sku: { type: 'VARCHAR', meaning: 'The product.' },
    customers: { type: 'BIGINT', meaning: 'Customers who bought it before the model date.' },
    share: { type: 'DOUBLE', meaning: 'customers / customers with any purchase before the model date (a popular recommendation\'s score).' },
  },
});

export const productModelBaskets = defineModel({
  table: 'product_model_baskets', kind: 'table', oneRowPer: 'customer with a purchase before the model date',
  ...model, builtBy: 'the product_recommendations transform (each build keeps it in step with the model)',
  columns: {
    customer_id: { type: 'VARCHAR', meaning: 'The customer.' },
    basket: { type: 'BIGINT', meaning: 'A hash (63 bits) of the products they bought before the model date, each with its latest purchase: what the model read of them. A daily run rebuilds the model when a rescored customer\'s hashes differ (late or corrected orders, merges).' },
  },
});
