// A buyer's support conversations and survey answers, drawn from their own PRNG stream so the other sample files stay byte-identical.

import { Prng, mixSeed } from '../../shared/prng.js';
import { hexCode } from './id-codes.js';
import { formatPhone } from './phone-numbers.js';
import { formatTimestamp } from './time-zones.js';
import type { OrderRecord } from './create-orders.js';
import type { Person } from './create-person.js';

export const SUPPORT_HEADER = 'message_id,conversation_id,medium,direction,email,phone,handle,agent,text,status_after,occurred_at';
export const SURVEY_HEADER = 'response_id,survey,score,comment,email,phone,order_id,occurred_at';

/** One CSV line and its UTC time (the block file's sort key). */
export interface SampleLine {
  readonly at: number;
  readonly line: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MEDIUMS = ['email', 'chat', 'phone', 'social', 'other'] as const;
const MEDIUM_WEIGHTS = [0.45, 0.75, 0.9, 0.97, 1];
/** Typical minutes to a first answer per medium (exponential around it): chat and phone fast, email slow. */
const ANSWER_MINUTES: Record<(typeof MEDIUMS)[number], number> = { email: 240, chat: 4, phone: 1, social: 90, other: 600 };
const AGENTS = ['eva', 'jonas', 'mia', 'sam'];
const COMPLAINTS = ['My parcel has not arrived yet', 'I received the wrong size', 'The zip broke after two weeks', 'Wo bleibt meine Bestellung?', 'Die Jacke ist nicht wasserdicht'];
const QUESTIONS = ['Can I change my delivery address?', 'Do you ship to Switzerland?', 'Is the field jacket machine washable?'];
const ANSWERS_TO_COMPLAINTS = ['Sorry about that: a replacement is on its way.', 'We have refunded the order.', 'Danke, wir kümmern uns darum.'];
const ANSWERS_TO_QUESTIONS = ['Thanks for asking: yes.', 'Yes, that works.'];
const HAPPY_COMMENTS = ['Great service', 'Fast delivery', 'Alles super'];
const UNHAPPY_COMMENTS = ['Took ages to get an answer', 'Quality was disappointing', 'Nie wieder'];

/** CSV field: quoted when it holds a comma, quote or line break. */
const csv = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * Writes support messages and survey responses for buyers. A person is unhappy with a chance that grows with their
 * dropout (so unhappy customers churn more) and always after a refund; unhappy persons contact support more, get
 * answered a little less often and score lower. ~8% of conversations never get an answer.
 */
export class SupportSample {
  private readonly messageHex: (n: number) => string;
  private readonly conversationHex: (n: number) => string;
  private readonly responseHex: (n: number) => string;
  private messages = 0;
  private conversations = 0;
  private responses = 0;

  constructor(private readonly seed: number, private readonly endMs: number) {
    this.messageHex = hexCode(mixSeed(seed, 'support-messages'));
    this.conversationHex = hexCode(mixSeed(seed, 'support-conversations'));
    this.responseHex = hexCode(mixSeed(seed, 'survey-responses'));
  }

  /** The person's support messages and survey responses (none for persons without orders). */
  forPerson(person: Person, records: readonly OrderRecord[]): { messages: SampleLine[]; responses: SampleLine[] } {
    const rng = new Prng(mixSeed(this.seed, 'support', person.index));
    const messages: SampleLine[] = [];
    const responses: SampleLine[] = [];
    const refunded = records.some((r) => r.orderId.startsWith('R-'));
    const unhappy = refunded || rng.chance(Math.min(0.9, person.dropout * 1.5));
    const email = person.emails[0] ?? null;
    for (const order of records) {
      if (order.orderId.startsWith('R-') || order.lines[0]?.status === 'cancelled') continue;
      if (rng.chance(unhappy ? 0.4 : 0.1)) this.conversation(person, order.at + rng.between(0.5, 10) * DAY_MS, unhappy, rng, messages);
      if (rng.chance(0.3)) {
        const at = order.at + rng.between(2, 14) * DAY_MS;
        if (at >= this.endMs) continue;
        const survey = rng.pick(['nps', 'nps', 'csat', 'ces'] as const);
        const score = this.score(survey, unhappy, rng);
        const comment = rng.chance(0.4) ? rng.pick(unhappy ? UNHAPPY_COMMENTS : HAPPY_COMMENTS) : null;
        const row = [`rsp_${this.responseHex(this.responses++)}`, survey, score, comment, email, null, order.orderId, formatTimestamp(at, 0)];
        responses.push({ at, line: row.map(csv).join(',') });
      }
    }
    return { messages, responses };
  }

  private conversation(person: Person, openedAt: number, unhappy: boolean, rng: Prng, out: SampleLine[]): void {
    if (openedAt >= this.endMs) return;
    const medium = MEDIUMS[rng.weighted(MEDIUM_WEIGHTS)]!;
    const conversationId = `cnv_${this.conversationHex(this.conversations++)}`;
    const phone = medium === 'phone' && person.phone !== null ? formatPhone(person.phone, rng) : null;
    const email = person.emails[0] ?? null;
    const add = (at: number, direction: 'inbound' | 'outbound', agent: string | null, text: string, status: string) => {
      if (at >= this.endMs) return false;
      const row = [`msg_${this.messageHex(this.messages++)}`, conversationId, medium, direction, direction === 'inbound' ? email : null,
        direction === 'inbound' ? phone : null, null, agent, text, status, formatTimestamp(at, 0)];
      out.push({ at, line: row.map(csv).join(',') });
      return true;
    };
    add(openedAt, 'inbound', null, rng.pick(unhappy ? COMPLAINTS : QUESTIONS), 'open');
    if (rng.chance(unhappy ? 0.12 : 0.05)) return; // never answered
    const answeredAt = openedAt + rng.exponential(ANSWER_MINUTES[medium]) * (unhappy ? 2 : 1) * MINUTE_MS;
    const agent = rng.pick(AGENTS);
    const answers = unhappy ? ANSWERS_TO_COMPLAINTS : ANSWERS_TO_QUESTIONS;
    const solved = rng.chance(unhappy ? 0.7 : 0.9);
    if (!add(answeredAt, 'outbound', agent, rng.pick(answers), solved ? 'solved' : 'pending')) return;
    if (!solved && rng.chance(0.6)) {
      const followUp = answeredAt + rng.between(0.2, 3) * DAY_MS;
      if (add(followUp, 'inbound', null, 'Any news?', 'open')) add(followUp + rng.exponential(ANSWER_MINUTES[medium]) * MINUTE_MS, 'outbound', agent, rng.pick(answers), 'closed');
    }
  }

  /** Happy persons mostly promote; unhappy ones mostly detract and find things harder (CES 7 = very easy). */
  private score(survey: 'nps' | 'csat' | 'ces', unhappy: boolean, rng: Prng): number {
    const u = rng.next();
    if (survey === 'nps') return unhappy ? Math.floor(u * 8) : 6 + Math.floor(u * 5);
    if (survey === 'csat') return unhappy ? 1 + Math.floor(u * 3) : 3 + Math.floor(u * 3);
    return unhappy ? 1 + Math.floor(u * 4) : 4 + Math.floor(u * 4); // CES 7 = very easy
  }
}
