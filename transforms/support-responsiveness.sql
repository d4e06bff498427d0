-- How fast support answers, per medium and UTC month. Variables: as_of (DATE text, exclusive), sla_minutes,
-- business_hours ('' when off, else their description), business_days ('1,2,3,4,5': ISO days), business_start,
-- business_end ('HH:MM'), business_tz (IANA zone).
-- A conversation opens with its first inbound message (conversations with only outbound messages are the business
-- writing first: not a request, left out) and belongs to the medium and month of that message. Its first response
-- is the first outbound message after it; its status at a time is the latest non-NULL status_after before then
-- (none: open). It is resolved when that status at as_of is solved or closed, at the latest message that set it.
-- Messages at the same instant are in a fixed order: the business's answer after the customer's message, then by id.
-- Only messages before as_of count. Medians and p90 are quantile_cont (linear interpolation between ranks).

CREATE OR REPLACE TEMP TABLE support_conversations_asof AS
WITH m AS (
  SELECT * FROM support_messages WHERE occurred_at < getvariable('as_of')::DATE
), opened AS (
  SELECT conversation_id, min(occurred_at) AS opened_at, arg_min(medium, (occurred_at, message_id)) AS medium
  FROM m WHERE direction = 'inbound' GROUP BY conversation_id
)
SELECT o.conversation_id, o.medium, o.opened_at,
       (SELECT min(occurred_at) FROM m WHERE m.conversation_id = o.conversation_id AND direction = 'outbound' AND occurred_at >= o.opened_at) AS first_response_at,
       (SELECT CASE WHEN arg_max(status_after, (occurred_at, direction = 'outbound', message_id)) IN ('solved', 'closed') THEN max(occurred_at) END
          FROM m WHERE m.conversation_id = o.conversation_id AND status_after IS NOT NULL) AS resolved_at
FROM opened o;

-- With business hours: every open window as UTC instants (each local day's start and end read in business_tz, so a
-- daylight saving change moves the window, not its length), with the seconds of all earlier windows. Business time
-- up to an instant is then one ASOF lookup: the earlier windows' seconds plus the part of its own window before it.
CREATE OR REPLACE TEMP TABLE support_business_windows AS
WITH days AS (  -- one day either side: a local day can start the day before or after in UTC
  SELECT d::DATE AS day FROM unnest(generate_series(
    ((SELECT min(opened_at) FROM support_conversations_asof)::DATE - 1)::TIMESTAMP, (getvariable('as_of')::DATE + 1)::TIMESTAMP, INTERVAL 1 DAY)) AS g(d)
  WHERE getvariable('business_hours') <> ''
    AND list_contains(string_split(getvariable('business_days'), ',')::INTEGER[], isodow(d))
), w AS (
  SELECT timezone('UTC', (day + getvariable('business_start')::TIME) AT TIME ZONE getvariable('business_tz')) AS win_start,
         timezone('UTC', (day + getvariable('business_end')::TIME) AT TIME ZONE getvariable('business_tz')) AS win_end
  FROM days
)
SELECT win_start, date_diff('second', win_start, win_end) AS seconds,
       coalesce(sum(date_diff('second', win_start, win_end)) OVER (ORDER BY win_start ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS seconds_before
FROM w;

-- Each conversation's business seconds up to its opening, first response and resolution (NULL when business hours are off).
CREATE OR REPLACE TEMP TABLE support_business_clock AS
SELECT c.conversation_id,
       o.seconds_before + least(date_diff('second', o.win_start, c.opened_at), o.seconds) AS opened_s,
       r.seconds_before + least(date_diff('second', r.win_start, c.first_response_at), r.seconds) AS response_s,
       s.seconds_before + least(date_diff('second', s.win_start, c.resolved_at), s.seconds) AS resolved_s
FROM support_conversations_asof c
ASOF LEFT JOIN support_business_windows o ON c.opened_at >= o.win_start
ASOF LEFT JOIN support_business_windows r ON c.first_response_at >= r.win_start
ASOF LEFT JOIN support_business_windows s ON c.resolved_at >= s.win_start;

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
         CASE WHEN getvariable('business_hours') = '' THEN date_diff('second', opened_at, first_response_at)
              WHEN first_response_at IS NOT NULL THEN coalesce(response_s, 0) - coalesce(opened_s, 0) END / 60.0 AS response_minutes,
         CASE WHEN getvariable('business_hours') = '' THEN date_diff('second', opened_at, resolved_at)
              WHEN resolved_at IS NOT NULL THEN coalesce(resolved_s, 0) - coalesce(opened_s, 0) END / 60.0 AS resolution_minutes
  FROM support_conversations_asof LEFT JOIN support_business_clock USING (conversation_id)
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
  JOIN (SELECT conversation_id, changed_at,
               last_value(status IGNORE NULLS) OVER (PARTITION BY conversation_id ORDER BY changed_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS status
        FROM (SELECT conversation_id, occurred_at AS changed_at,  -- one status per instant: of messages at the same time, the last in the fixed order
                     arg_max(status_after, (direction = 'outbound', message_id)) FILTER (WHERE status_after IS NOT NULL) AS status
              FROM support_messages WHERE occurred_at < (SELECT as_of FROM p) GROUP BY ALL)) t USING (conversation_id)
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
       g.partial, (SELECT sla FROM p) AS sla_minutes, nullif(getvariable('business_hours'), '')::VARCHAR AS business_hours, (SELECT as_of FROM p) AS as_of
FROM grid g
LEFT JOIN per_month pm ON pm.medium = g.medium AND pm.month = g.month
LEFT JOIN backlog b ON b.medium = g.medium AND b.month = g.month
ORDER BY g.month, g.medium;
