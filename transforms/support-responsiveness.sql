-- How fast support answers, per medium and UTC month. Variables: as_of (DATE text, exclusive), sla_minutes.
-- A conversation opens with its first inbound message (conversations with only outbound messages are the business
-- writing first: not a request, left out) and belongs to the medium and month of that message. Its first response
-- is the first outbound message after it; its status at a time is the latest non-NULL status_after before then
-- (none: open). It is resolved when that status at as_of is solved or closed, at the latest message that set it.
-- Only messages before as_of count. Medians and p90 are quantile_cont (linear interpolation between ranks).

CREATE OR REPLACE TEMP TABLE support_conversations_asof AS
WITH m AS (
  SELECT * FROM support_messages WHERE occurred_at < getvariable('as_of')::DATE
), opened AS (
  SELECT conversation_id, min(occurred_at) AS opened_at, arg_min(medium, occurred_at) AS medium
  FROM m WHERE direction = 'inbound' GROUP BY conversation_id
)
SELECT o.conversation_id, o.medium, o.opened_at,
       (SELECT min(occurred_at) FROM m WHERE m.conversation_id = o.conversation_id AND direction = 'outbound' AND occurred_at >= o.opened_at) AS first_response_at,
       (SELECT CASE WHEN arg_max(status_after, occurred_at) IN ('solved', 'closed') THEN max(occurred_at) END
          FROM m WHERE m.conversation_id = o.conversation_id AND status_after IS NOT NULL) AS resolved_at
FROM opened o;

CREATE OR REPLACE TABLE support_responsiveness AS
WITH p AS (
  SELECT getvariable('as_of')::DATE AS as_of, getvariable('sla_minutes')::INTEGER AS sla
), months AS (
  SELECT m::DATE AS month, least((m + INTERVAL 1 MONTH)::DATE, p.as_of) AS period_end, (m + INTERVAL 1 MONTH)::DATE > p.as_of AS partial
  FROM p, unnest(generate_series(
    (SELECT date_trunc('month', min(opened_at)) FROM support_conversations_asof)::TIMESTAMP, (p.as_of - 1)::TIMESTAMP, INTERVAL 1 MONTH)) AS g(m)
), grid AS (
  SELECT * FROM months, (SELECT DISTINCT medium FROM support_conversations_asof)
), c AS (
  SELECT *, date_trunc('month', opened_at)::DATE AS month,
         date_diff('second', opened_at, first_response_at) / 60.0 AS response_minutes,
         date_diff('second', opened_at, resolved_at) / 60.0 AS resolution_minutes
  FROM support_conversations_asof
), per_month AS (
  SELECT medium, month, count(*) AS conversations, count(first_response_at) AS answered,
         quantile_cont(response_minutes, 0.5) AS first_response_median_minutes,
         quantile_cont(response_minutes, 0.9) AS first_response_p90_minutes,
         quantile_cont(resolution_minutes, 0.5) AS resolution_median_minutes,
         count(*) FILTER (WHERE response_minutes <= (SELECT sla FROM p)) AS within_sla
  FROM c GROUP BY medium, month
), status_events AS (  -- each conversation's state (1 = in the backlog) after every moment it can change
  SELECT DISTINCT c.medium, t.changed_at,
         (t.changed_at >= c.opened_at AND coalesce(t.status, 'open') NOT IN ('solved', 'closed'))::INTEGER AS in_backlog, c.conversation_id
  FROM support_conversations_asof c
  JOIN (SELECT conversation_id, occurred_at AS changed_at,   -- RANGE: messages at the same time see the same status
               last_value(status_after IGNORE NULLS) OVER (PARTITION BY conversation_id ORDER BY occurred_at
                 RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS status
        FROM support_messages WHERE occurred_at < (SELECT as_of FROM p)) t USING (conversation_id)
), monthly_change AS (  -- the backlog's change per medium and month: +1 when a conversation enters it, -1 when it leaves
  SELECT medium, date_trunc('month', changed_at)::DATE AS month, sum(change) AS change
  FROM (SELECT medium, changed_at, in_backlog - coalesce(lag(in_backlog) OVER (PARTITION BY conversation_id ORDER BY changed_at), 0) AS change FROM status_events)
  GROUP BY ALL
), backlog AS (  -- every change before a month's end (events are all before as_of, so before period_end)
  SELECT g.medium, g.month, sum(mc.change) AS backlog_at_period_end
  FROM grid g JOIN monthly_change mc ON mc.medium = g.medium AND mc.month <= g.month
  GROUP BY ALL
)
SELECT g.medium, g.month,
       coalesce(pm.conversations, 0)::BIGINT AS conversations,
       coalesce(pm.answered, 0)::BIGINT AS answered,
       (coalesce(pm.conversations, 0) - coalesce(pm.answered, 0))::BIGINT AS unanswered,
       pm.first_response_median_minutes::DOUBLE AS first_response_median_minutes,
       pm.first_response_p90_minutes::DOUBLE AS first_response_p90_minutes,
       pm.resolution_median_minutes::DOUBLE AS resolution_median_minutes,
       (pm.within_sla / pm.conversations)::DOUBLE AS answered_within_sla_share,
       coalesce(b.backlog_at_period_end, 0)::BIGINT AS backlog_at_period_end,
       g.partial, (SELECT sla FROM p) AS sla_minutes, (SELECT as_of FROM p) AS as_of
FROM grid g
LEFT JOIN per_month pm ON pm.medium = g.medium AND pm.month = g.month
LEFT JOIN backlog b ON b.medium = g.medium AND b.month = g.month
ORDER BY g.month, g.medium;
