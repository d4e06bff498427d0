// Section: social interactions per channel (platform) in the period against the previous one.
import type { ReportSection } from '../../report-section.js';
import { missingTable } from '../../missing-table.js';
import { periodCompareSpec } from '../period-compare-spec.js';
import { figure, noData, notComputed } from '../section-view.js';
import { socialTable } from '../upstream-tables.js';

type Row = { platform: string; which: 'current' | 'previous'; interactions: number; conversations: number };

export const socialEngagement: ReportSection = {
  id: 'social-engagement',
  channel: 'social',
  title: 'Social engagement by channel',
  definition: 'Social interactions (mentions, comments, replies, DMs, follows, likes, shares) in the period, by platform.',
  async build(wh, { period }) {
    const missing = await missingTable(wh, ...socialTable);
    if (missing) return notComputed(missing);
    const rows = await wh.all<Row>(
      `SELECT platform, CASE WHEN occurred_at >= $2::DATE THEN 'current' ELSE 'previous' END AS which,
              count(*) AS interactions,
              count(*) FILTER (WHERE kind IN ('comment', 'reply', 'dm', 'mention')) AS conversations   -- as customer_360 counts them
       FROM social_interactions WHERE occurred_at >= $1::DATE AND occurred_at < $3::DATE
       GROUP BY ALL ORDER BY platform, which`,
      [period.previous.start, period.current.start, period.current.end],
    );
    const sum = (which: Row['which'], key: 'interactions' | 'conversations') =>
      rows.filter((r) => r.which === which).reduce((n, r) => n + r[key], 0);
    const previousLabel = period.previous.label;
    const figures = [
      figure({ label: 'Social interactions', value: sum('current', 'interactions'), previous: sum('previous', 'interactions'), previousLabel,
        unit: 'count', better: 'up', definition: 'Every mention, comment, reply, DM, follow, like and share on any platform in the period.' }),
      figure({ label: 'Conversations', value: sum('current', 'conversations'), previous: sum('previous', 'conversations'), previousLabel,
        unit: 'count', better: 'up', definition: 'Mentions, comments, replies and DMs: interactions that say something.' }),
    ];
    if (rows.length === 0) return noData(`No social interactions in ${period.previous.label} or ${period.current.label}.`, figures);
    const platforms = [...new Set(rows.map((r) => r.platform))];
    const labels = [period.previous.label, period.current.label] as const;
    const bars = platforms.flatMap((platform) => (['previous', 'current'] as const).map((which, i) => ({
      category: platform, period: labels[i]!, value: rows.find((r) => r.platform === platform && r.which === which)?.interactions ?? 0,
    })));
    return { figures, chart: { kind: 'chart', spec: periodCompareSpec('Social interactions by platform', 'Interactions', platforms, labels, bars) } };
  },
};
