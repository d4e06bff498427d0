// A person's review decisions on probabilistic matches (`match_decisions`): accept links a pair whatever its score, reject never links it.
import type { Warehouse } from '../warehouse/warehouse.js';

/** One decision as `rapport identities review` records it. */
export interface MatchDecision {
  readonly a: string;
  readonly b: string;
  readonly decision: 'accept' | 'reject';
  readonly decidedAt: Date;
  readonly decidedBy?: string;
  readonly note?: string;
}

/**
 * Records (or replaces) the decision on the pair of contacts `a`, `b` (in either order). The next identity build links
 * or unlinks them and keeps doing so; `undecideMatch` forgets the decision.
 * @throws Error naming the contact when either contact_id is not in `contacts`.
 * @example await decideMatch(wh, { a: 'C1', b: 'C2', decision: 'reject', decidedAt: new Date(), decidedBy: 'ana' })
 */
export async function decideMatch(wh: Warehouse, d: MatchDecision): Promise<void> {
  const [a, b] = d.a < d.b ? [d.a, d.b] : [d.b, d.a];
  for (const id of [a, b]) {
    const found = await wh.all('SELECT 1 FROM contacts WHERE contact_id = $1', [id]).catch(() => []);
    if (found.length === 0) throw new Error(`match decision: no contact with contact_id ${JSON.stringify(id)} in the contacts table`);
  }
  await wh.run(`INSERT OR REPLACE INTO match_decisions VALUES ($1, $2, $3, $4::TIMESTAMP, $5, $6)`,
    [a, b, d.decision, d.decidedAt.toISOString().replace('T', ' ').replace('Z', ''), d.decidedBy ?? null, d.note ?? null]);
}

/** Forgets the decision on `a`, `b`; returns whether there was one. */
export async function undecideMatch(wh: Warehouse, a: string, b: string): Promise<boolean> {
  const [x, y] = a < b ? [a, b] : [b, a];
  const rows = await wh.all('DELETE FROM match_decisions WHERE record_a = $1 AND record_b = $2 RETURNING 1', [x, y]);
  return rows.length > 0;
}
