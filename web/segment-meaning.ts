// What each named RFM segment of the default map means in plain words, and whether its growth is good news, for
// the segments page (a shop's own segment map or a custom segment gets its config description and a neutral change).
import { defaultSegmentMap } from '../transforms/rfm-segment-map.js';

/** Plain meaning and the direction of good news of one segment. */
export interface SegmentMeaning {
  readonly definition: string;
  /** 'up': growth is good news (green); 'down': growth is bad news (red). */
  readonly better: 'up' | 'down';
}

const meanings: Readonly<Record<string, SegmentMeaning>> = {
  Champions: { definition: 'Bought recently, buy often and spend the most.', better: 'up' },
  "Can't Lose Them": { definition: 'Used to buy often and spend a lot, but have not bought for a long time.', better: 'down' },
  'At Risk': { definition: 'Good customers (frequent or big spenders) who have not bought for a while.', better: 'down' },
  'Loyal Customers': { definition: 'Buy regularly and spend well, and bought not long ago.', better: 'up' },
  'New Customers': { definition: 'Bought for the first time very recently.', better: 'up' },
  Promising: { definition: 'Bought recently, but only once or for little so far.', better: 'up' },
  'Potential Loyalists': { definition: 'Bought recently and more than once: could become loyal.', better: 'up' },
  'Need Attention': { definition: 'Average recency, frequency and spend: slipping unless something brings them back.', better: 'down' },
  'About To Sleep': { definition: 'Bought little and not very recently: about to lapse.', better: 'down' },
  Lost: { definition: 'Bought once or little, a long time ago.', better: 'down' },
  Hibernating: { definition: 'Bought rarely and for little, a while ago.', better: 'down' },
};

/** The score ranges of a default-map segment, e.g. "recency score 1-2, frequency and spend score 3-5". */
function rules(segment: string): string {
  return defaultSegmentMap.filter((x) => x.segment === segment)
    .map((x) => `recency score ${x.r[0]}-${x.r[1]}, frequency and spend score ${x.fm[0]}-${x.fm[1]}`).join(' or ');
}

/**
 * The meaning of an RFM segment of the default map (its plain definition with its score ranges), else undefined.
 * @example segmentMeaning('At Risk')?.better; // 'down'
 */
export function segmentMeaning(segment: string): SegmentMeaning | undefined {
  const m = meanings[segment];
  return m && { ...m, definition: `${m.definition.replace(/\.$/, '')} (${rules(segment)}).` };
}
