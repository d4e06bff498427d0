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
