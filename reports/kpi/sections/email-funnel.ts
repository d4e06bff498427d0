// Section: the email funnel (sent, opened, clicked) in the period against the previous one.
import type { ReportSection } from '../../report-section.js';
import { missingTable } from '../../missing-table.js';
import { periodCompareSpec } from '../period-compare-spec.js';
import { figure, noData, notComputed, ratio } from '../section-view.js';
import { emailEventsTable } from '../upstream-tables.js';

type Row = { which: 'current' | 'previous'; sent: number; opened: number; clicked: number };

export const emailFunnel: ReportSection = {
  id: 'email-funnel',
  channel: 'email',
  title: 'Email funnel',
  definition: 'Distinct messages (recipient and campaign) with a send, an open and a click event in the period, by event date.',
  async build(wh, { period }) {
    const missing = await missingTable(wh, ...emailEventsTable);
    if (missing) return notComputed(missing);
    const rows = await wh.all<Row>(
      `WITH m AS (
         SELECT CASE WHEN occurred_at >= $2::DATE THEN 'current' ELSE 'previous' END AS which, event_type,
                lower(trim(email)) || chr(31) || coalesce(campaign_id, '') AS message   -- one message = recipient x campaign
         FROM email_events WHERE occurred_at >= $1::DATE AND occurred_at < $3::DATE
       )
       SELECT which, count(DISTINCT message) FILTER (WHERE event_type = 'send') AS sent,
              count(DISTINCT message) FILTER (WHERE event_type = 'open') AS opened,
              count(DISTINCT message) FILTER (WHERE event_type = 'click') AS clicked
       FROM m GROUP BY which`,
      [period.previous.start, period.current.start, period.current.end],
    );
    const zero = { sent: 0, opened: 0, clicked: 0 };
    const cur = rows.find((r) => r.which === 'current') ?? zero;
    const prev = rows.find((r) => r.which === 'previous') ?? zero;
    const previousLabel = period.previous.label;
    const figures = [
      figure({ label: 'Messages sent', value: cur.sent, previous: prev.sent, previousLabel, unit: 'count', better: 'neither',
        definition: 'Distinct recipient-campaign pairs with a send event in the period.' }),
      figure({ label: 'Open rate', value: ratio(cur.opened, cur.sent), previous: ratio(prev.opened, prev.sent), previousLabel, unit: 'rate', better: 'up',
        definition: 'Messages with an open event in the period divided by messages sent in the period.' }),
      figure({ label: 'Click rate', value: ratio(cur.clicked, cur.sent), previous: ratio(prev.clicked, prev.sent), previousLabel, unit: 'rate', better: 'up',
        definition: 'Messages with a click event in the period divided by messages sent in the period.' }),
    ];
    if (cur.sent + cur.opened + cur.clicked + prev.sent + prev.opened + prev.clicked === 0) {
      return noData(`No email sends, opens or clicks in ${period.previous.label} or ${period.current.label}.`, figures);
    }
    const labels = [period.previous.label, period.current.label] as const;
    const steps = [['Sent', 'sent'], ['Opened', 'opened'], ['Clicked', 'clicked']] as const;
    const bars = steps.flatMap(([category, key]) => [
      { category, period: labels[0], value: prev[key] },
      { category, period: labels[1], value: cur[key] },
    ]);
    return { figures, chart: { kind: 'chart', spec: periodCompareSpec('Email funnel: sent, opened, clicked', 'Messages', steps.map((s) => s[0]), labels, bars) } };
  },
};
