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
), status_at_end AS (   -- each conversation opened by a period's end, with its status then
  SELECT g.medium, g.month, c.conversation_id,
         (SELECT arg_max(status_after, occurred_at) FROM support_messages s
           WHERE s.conversation_id = c.conversation_id AND s.status_after IS NOT NULL AND s.occurred_at < g.period_end) AS status
  FROM grid g JOIN support_conversations_asof c ON c.medium = g.medium AND c.opened_at < g.period_end
), backlog AS (
  SELECT medium, month, count(*) FILTER (WHERE status IS NULL OR status NOT IN ('solved', 'closed')) AS backlog_at_period_end
  FROM status_at_end GROUP BY medium, month
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
