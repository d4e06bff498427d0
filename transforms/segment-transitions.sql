-- Who moved between RFM segments from one rfm_history snapshot to another, per customer and as counts.
-- Variables: from_as_of, to_as_of (DATE text; both snapshots exist, or from_as_of is '' when there is no earlier one).
-- A NULL from_segment means the customer had no RFM row at from_as_of (no counted order yet, or a new
-- customer_id after identities merged); a NULL to_segment means they have none at to_as_of.

CREATE OR REPLACE TABLE customer_segment_transitions AS
WITH a AS (SELECT customer_id, segment FROM rfm_history WHERE as_of = TRY_CAST(getvariable('from_as_of') AS DATE)),
     b AS (SELECT customer_id, segment FROM rfm_history WHERE as_of = getvariable('to_as_of')::DATE)
SELECT TRY_CAST(getvariable('from_as_of') AS DATE) AS from_as_of, getvariable('to_as_of')::DATE AS to_as_of,
       coalesce(a.customer_id, b.customer_id) AS customer_id, a.segment AS from_segment, b.segment AS to_segment
FROM a FULL OUTER JOIN b USING (customer_id)
WHERE getvariable('from_as_of') <> ''                  -- no earlier snapshot: an empty table with the right columns
ORDER BY customer_id;

CREATE OR REPLACE TABLE segment_transitions AS
SELECT from_as_of, to_as_of, from_segment, to_segment, count(*) AS customers
FROM customer_segment_transitions
GROUP BY ALL
ORDER BY from_segment NULLS FIRST, to_segment NULLS FIRST;
