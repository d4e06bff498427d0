-- One row per customer: identities, orders and revenue, email and social engagement, consent, recency.
-- Variables: as_of (DATE as text, exclusive end of history: events on or after it are ignored).

-- Variables: full_build (BOOLEAN). identities, identity_values and identity_raw_stats come from identities.ts; these
-- TEMP tables from customer-360.ts: record_owners (channel, record_id, customer_id: the customer of each social
-- interaction and order concerned; an email event's is its address's, joined below through identity_values),
-- c360_scope (customer_id) and c360_orders (order_id): the customers and orders rebuilt (ignored by a full build).
-- Writes order_values_new and customer_360_new; customer-360.ts puts them in place.

-- An order's value is the sum of its lines; cancelled lines that never took money count zero, negative lines
-- (refunds, returns) always reduce it. An order of only cancelled lines is worth 0 (not NULL), so it is kept
-- and counted nowhere. ordered_at is UTC: its ::DATE is the UTC day every metric uses.
CREATE OR REPLACE TEMP TABLE order_values_new AS
SELECT l.order_id, rc.customer_id,
       min(l.ordered_at) AS ordered_at,
       coalesce(sum(l.amount) FILTER (WHERE l.status <> 'cancelled' OR l.amount < 0), 0)::DECIMAL(18,2) AS net_value,
       bool_and(l.status = 'cancelled') AS cancelled,
       any_value(l.currency) AS currency
FROM order_lines l
LEFT JOIN record_owners rc ON rc.channel = 'orders' AND rc.record_id = l.order_id   -- NULL customer: an order with no identifier
WHERE l.ordered_at < getvariable('as_of')::DATE
  AND (getvariable('full_build') OR l.order_id IN (SELECT order_id FROM c360_orders))
GROUP BY l.order_id, rc.customer_id;

CREATE OR REPLACE TEMP TABLE customer_360_new AS
WITH scope AS (SELECT customer_id FROM c360_scope),
ids AS (
  SELECT customer_id,
         list(value ORDER BY value) FILTER (WHERE kind = 'email') AS emails,
         list(value ORDER BY value) FILTER (WHERE kind = 'phone') AS phones,
         list(value ORDER BY value) FILTER (WHERE kind = 'handle') AS handles,
         list(value ORDER BY value) FILTER (WHERE kind = 'account') AS accounts,
         min(first_seen) AS first_seen, max(last_seen) AS last_seen
  FROM identities
  WHERE (getvariable('full_build') OR customer_id IN (SELECT customer_id FROM scope))
    AND customer_id IN (                                            -- a blocked or refused value left without records is no customer
    SELECT customer_id FROM record_owners
    UNION ALL SELECT i.customer_id FROM identity_raw_stats r JOIN identity_values v ON v.kind = r.kind AND v.raw = r.raw
              JOIN identities i ON i.identity = v.identity WHERE r.kind = 'email' AND r.email_records > 0)
  GROUP BY customer_id
), ord AS (
  SELECT customer_id,
         count(*) FILTER (WHERE net_value > 0) AS orders,
         coalesce(sum(net_value), 0) AS revenue,
         min(ordered_at) FILTER (WHERE net_value > 0) AS first_order_at,
         max(ordered_at) FILTER (WHERE net_value > 0) AS last_order_at
  FROM order_values_new WHERE customer_id IS NOT NULL GROUP BY customer_id
), em AS (
  SELECT i.customer_id,
         count(*) FILTER (WHERE e.event_type = 'send') AS email_sends,
         count(*) FILTER (WHERE e.event_type = 'open') AS email_opens,
         count(*) FILTER (WHERE e.event_type = 'click') AS email_clicks,
         max(e.occurred_at) FILTER (WHERE e.event_type = 'open') AS last_email_open_at,
         max(e.occurred_at) FILTER (WHERE e.event_type IN ('open', 'click')) AS last_email_engagement_at,
         bool_or(e.event_type = 'bounce') AS email_bounced,
         bool_or(e.event_type = 'unsubscribe') AS email_unsubscribed,
         bool_or(e.event_type = 'complaint') AS email_complained
  -- An email event's only identifier is its recipient, so its customer is its address's: joining through the distinct
  -- raw addresses (identity_values) avoids a join of two tables with a row per event.
  FROM email_events e
  JOIN identity_values v ON v.kind = 'email' AND v.raw = e.email
  JOIN identities i ON i.identity = v.identity
  WHERE e.occurred_at < getvariable('as_of')::DATE AND (getvariable('full_build') OR i.customer_id IN (SELECT customer_id FROM scope))
  GROUP BY i.customer_id
), so AS (
  SELECT rc.customer_id,
         count(*) AS social_interactions,
         count(*) FILTER (WHERE s.kind IN ('comment', 'reply', 'dm', 'mention')) AS social_conversations,
         count(*) FILTER (WHERE s.kind IN ('like', 'share', 'follow')) AS social_reactions,
         max(s.occurred_at) AS last_social_at
  FROM social_interactions s JOIN record_owners rc ON rc.channel = 'social' AND rc.record_id = s.platform || ':' || s.interaction_id
  WHERE s.occurred_at < getvariable('as_of')::DATE
  GROUP BY rc.customer_id
), primary_email AS (
  -- The email on the customer's most recent order, else the one with the most email events, else the smallest.
  SELECT i.customer_id, arg_max(i.value, (coalesce(o.last_order, TIMESTAMP '1900-01-01'), i.records, -hash(i.value))) AS primary_email
  FROM identities i
  LEFT JOIN (SELECT v.value, max(r.last_order_at) AS last_order FROM identity_raw_stats r
             JOIN identity_values v ON v.kind = r.kind AND v.raw = r.raw
             WHERE r.kind = 'email' GROUP BY v.value) o ON o.value = i.value
  WHERE i.kind = 'email' AND i.status IN ('linked', 'refused')    -- never a placeholder or a malformed address
    AND (getvariable('full_build') OR i.customer_id IN (SELECT customer_id FROM scope))
  GROUP BY i.customer_id
)
SELECT ids.customer_id, pe.primary_email, ids.emails, ids.phones, ids.handles, ids.accounts,
       ids.first_seen, ids.last_seen,
       coalesce(ord.orders, 0) AS orders,
       coalesce(ord.revenue, 0)::DECIMAL(18,2) AS revenue,
       CASE WHEN ord.orders > 0 THEN round(ord.revenue / ord.orders, 2) END AS avg_order_value,
       ord.first_order_at, ord.last_order_at,
       coalesce(em.email_sends, 0) AS email_sends, coalesce(em.email_opens, 0) AS email_opens,
       coalesce(em.email_clicks, 0) AS email_clicks, em.last_email_open_at,
       coalesce(em.email_bounced, false) AS email_bounced,
       coalesce(em.email_unsubscribed, false) AS email_unsubscribed,
       coalesce(em.email_complained, false) AS email_complained,
       coalesce(so.social_interactions, 0) AS social_interactions,
       coalesce(so.social_conversations, 0) AS social_conversations,
       coalesce(so.social_reactions, 0) AS social_reactions,
       so.last_social_at,
       -- The channel of the customer's most recent interaction (orders win ties: a purchase is the strongest signal).
       CASE greatest(coalesce(ord.last_order_at, TIMESTAMP '1900-01-01'), coalesce(em.last_email_engagement_at, TIMESTAMP '1900-01-01'), coalesce(so.last_social_at, TIMESTAMP '1900-01-01'))
         WHEN TIMESTAMP '1900-01-01' THEN NULL
         WHEN ord.last_order_at THEN 'orders'
         WHEN em.last_email_engagement_at THEN 'email'
         ELSE 'social' END AS preferred_channel,
       date_diff('day', greatest(ord.last_order_at, em.last_email_engagement_at, so.last_social_at)::DATE, getvariable('as_of')::DATE) AS days_since_last_interaction,
       getvariable('as_of')::DATE AS as_of
FROM ids
LEFT JOIN ord USING (customer_id)
LEFT JOIN em USING (customer_id)
LEFT JOIN so USING (customer_id)
LEFT JOIN primary_email pe USING (customer_id);
