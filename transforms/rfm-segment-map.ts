// The named RFM segments as rules over the R score and the FM score (the rounded mean of F and M).
import { z } from 'zod';

const score = z.int().min(1).max(5);
const range = z.tuple([score, score]).refine(([lo, hi]) => lo <= hi, 'expected [low, high] with low <= high');

/** One rule: customers whose R and FM scores fall in both ranges get `segment`. The first matching rule wins. */
export const SegmentRule = z.object({ segment: z.string().min(1), r: range, fm: range }).strict();
export type SegmentRule = z.infer<typeof SegmentRule>;

/** An ordered rule list; it must give every one of the 25 (R, FM) cells a segment. */
export const SegmentMap = z
  .array(SegmentRule)
  .min(1)
  .superRefine((rules, ctx) => {
    for (let r = 1; r <= 5; r++)
      for (let fm = 1; fm <= 5; fm++)
        if (!rules.some((x) => r >= x.r[0] && r <= x.r[1] && fm >= x.fm[0] && fm <= x.fm[1]))
          ctx.addIssue({ code: 'custom', message: `no rule covers R=${r}, FM=${fm}` });
  });
export type SegmentMap = z.infer<typeof SegmentMap>;

/** The widely used 11-segment map, ordered so the specific cells are claimed before the broad ones. */
export const defaultSegmentMap: SegmentMap = SegmentMap.parse([
  { segment: 'Champions', r: [4, 5], fm: [4, 5] },
  { segment: "Can't Lose Them", r: [1, 1], fm: [4, 5] },
  { segment: 'At Risk', r: [1, 2], fm: [3, 5] },
  { segment: 'Loyal Customers', r: [3, 5], fm: [3, 5] },
  { segment: 'New Customers', r: [5, 5], fm: [1, 1] },
  { segment: 'Promising', r: [4, 4], fm: [1, 1] },
  { segment: 'Potential Loyalists', r: [4, 5], fm: [2, 2] },
  { segment: 'Need Attention', r: [3, 3], fm: [2, 2] },
  { segment: 'About To Sleep', r: [3, 3], fm: [1, 1] },
  { segment: 'About To Sleep', r: [2, 2], fm: [2, 2] },
  { segment: 'Lost', r: [1, 1], fm: [1, 1] },
  { segment: 'Hibernating', r: [1, 2], fm: [1, 2] },
]);

/** The SQL CASE expression that names a segment from `r_score` and `fm_score` columns. */
export function segmentCaseSql(map: SegmentMap): string {
  const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const whens = map.map(
    (x) => `WHEN r_score BETWEEN ${x.r[0]} AND ${x.r[1]} AND fm_score BETWEEN ${x.fm[0]} AND ${x.fm[1]} THEN ${q(x.segment)}`,
  );
  return `CASE ${whens.join(' ')} END`;
}
