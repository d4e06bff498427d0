// A person's orders: BG/NBD-style purchase times, Gamma-Gamma-style order values, accounts, refunds and shared placeholder contacts.

import { pickProduct } from './catalog.js';
import { affinePermutation } from './id-codes.js';
import { PLACEHOLDER_PHONE, formatPhone } from './phone-numbers.js';
import { mixSeed } from '../../shared/prng.js';
import { PLACEHOLDER_EMAILS } from './shop.js';
import { spellEmail } from './spell-email.js';
import { DAY_MS, ZONES, atActiveHour, formatInZone } from './time-zones.js';
import type { Person } from './create-person.js';
import type { Prng } from '../../shared/prng.js';

/** Order status as the shop exports it. */
export type OrderStatus = 'completed' | 'refunded' | 'cancelled';

/** One line of an order, before it is written as CSV. Money in integer cents so amounts never drift. */
export interface OrderLine {
  readonly orderId: string;
  readonly lineNo: number;
  readonly customerRef: string;
  readonly email: string;
  readonly phone: string;
  readonly status: OrderStatus;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly amountCents: number;
  readonly orderedAt: string;
}

/** One order (or refund) with its lines; `at` is the UTC ms it happened. */
export interface OrderRecord {
  readonly orderId: string;
  readonly at: number;
  readonly lines: readonly OrderLine[];
}

/** Which of a person's identifiers the orders made linkable, so other channels only rely on linked ones. */
export interface OrderAnchors {
  readonly secondEmailOnAccount: boolean;
  readonly phoneOnOrder: boolean;
}

type Placeholder = 'test-email' | 'support-email' | 'phone';
const PLACEHOLDER_ROTATION: readonly Placeholder[] = ['test-email', 'support-email', 'phone'];
/** One placeholder every this many orders: a handful in a small sample, a steady share in a big one. */
const PLACEHOLDER_EVERY = 150;

/**
 * Shop-wide counters: order numbers, account ids and the placeholder rotation; shared by all persons of one sample.
 *
 * @example const ledger = new OrderLedger(seed); ledger.nextOrderId() // e.g. '471935213'
 */
export class OrderLedger {
  private orders = 0;
  private accounts = 0;
  private pending: Placeholder | null = null;
  private readonly orderNumber: (index: number) => number;
  private readonly accountNumber: (index: number) => number;

  constructor(seed: number) {
    this.orderNumber = affinePermutation(900_000_000, mixSeed(seed, 'orders'));
    this.accountNumber = affinePermutation(90_000_000, mixSeed(seed, 'accounts'));
  }

  /** Next unique 9-digit order number. */
  nextOrderId(): string {
    const index = this.orders++;
    if (index > 0 && index % PLACEHOLDER_EVERY === 0) this.pending = PLACEHOLDER_ROTATION[(index / PLACEHOLDER_EVERY) % 3] as Placeholder;
    return String(100_000_000 + this.orderNumber(index));
  }

  /** Next unique shop account id. */
  nextAccountId(): string {
    return `C${10_000_000 + this.accountNumber(this.accounts++)}`;
  }

  /** Hands out the queued placeholder if this order can carry it without losing its link to the person. */
  takePlaceholder(canReplaceEmail: boolean): Placeholder | null {
    const pending = this.pending;
    if (pending === null || (pending !== 'phone' && !canReplaceEmail)) return null;
    this.pending = null;
    return pending;
  }
}

/** Formats cents as a decimal with two places ("-12.50"). */
export function formatCents(cents: number): string {
  const abs = Math.abs(cents);
  const rest = abs % 100;
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${rest < 10 ? '0' : ''}${rest}`;
}

/** BG/NBD purchase times: first purchase at acquisition, then Poisson purchases until dropout or the window ends. */
function purchaseTimes(person: Person, rng: Prng, endMs: number): number[] {
  const times = [person.acquiredAt];
  let t = person.acquiredAt;
  while (times.length < 200 && !rng.chance(person.dropout)) {
    t += rng.exponential(1 / person.purchaseRate) * DAY_MS;
    if (t > endMs) break;
    times.push(Math.min(endMs, atActiveHour(t, person.zone, rng)));
  }
  return times;
}

/** Basket lines for one order; the Gamma draw around the person's mean spend is the Gamma-Gamma part. */
function basket(person: Person, rng: Prng): Array<{ sku: string; quantity: number; unitPriceCents: number }> {
  const target = rng.gamma(8, person.meanSpendCents / 8);
  const lineCount = 1 + rng.weighted([0.55, 0.82, 0.94, 1]);
  const lines: Array<{ sku: string; quantity: number; unitPriceCents: number }> = [];
  for (let i = 0; i < lineCount; i++) {
    const quantity = 1 + rng.weighted([0.8, 0.95, 1]);
    const product = pickProduct(target / lineCount / quantity, rng);
    const same = lines.findIndex((line) => line.sku === product.sku);
    // Shops merge repeated items into one line.
    if (same >= 0) lines[same] = { ...(lines[same] as (typeof lines)[number]), quantity: (lines[same]?.quantity ?? 0) + quantity };
    else lines.push({ sku: product.sku, quantity, unitPriceCents: product.priceCents });
  }
  return lines;
}

/**
 * Generates every order and refund of a person (none for non-buyers) and reports which identifiers became linkable.
 *
 * @example const { records } = createOrders(person, rng, ledger, endMs);
 */
export function createOrders(person: Person, rng: Prng, ledger: OrderLedger, endMs: number): { records: OrderRecord[]; anchors: OrderAnchors } {
  const records: OrderRecord[] = [];
  let secondEmailOnAccount = false;
  let phoneOnOrder = false;
  if (!person.buyer) return { records, anchors: { secondEmailOnAccount, phoneOnOrder } };
  const [main = '', second] = person.emails;
  const times = purchaseTimes(person, rng, endMs);
  const guestOnly = rng.chance(0.12);
  const secondAccountFrom = times.length > 1 && rng.chance(0.04) ? 1 + rng.int(times.length - 1) : Infinity;
  const accounts: Array<{ id: string; orders: number }> = [];
  for (let k = 0; k < times.length; k++) {
    const at = times[k] as number;
    const guest = guestOnly || rng.chance(0.05);
    let account: { id: string; orders: number } | undefined;
    if (!guest) {
      const slot = k >= secondAccountFrom && rng.chance(0.8) ? 1 : 0;
      while (accounts.length <= slot) accounts.push({ id: ledger.nextAccountId(), orders: 0 });
      account = accounts[slot];
    }
    const orderId = ledger.nextOrderId();
    // An account's first order always carries the main address: it is what ties the account to the person.
    const laterAccountOrder = account !== undefined && account.orders > 0;
    let address = main;
    if (person.gmailVariant !== null && (guest || laterAccountOrder) && rng.chance(0.3)) address = person.gmailVariant;
    else if (laterAccountOrder && second !== undefined && rng.chance(0.45)) address = second;
    let email = spellEmail(address, rng, 0.06, 0.03);
    let phone = person.phone !== null && (k === 0 || rng.chance(0.6)) ? formatPhone(person.phone, rng) : '';
    const placeholder = ledger.takePlaceholder(laterAccountOrder);
    if (placeholder === 'phone') phone = PLACEHOLDER_PHONE;
    else if (placeholder !== null) email = placeholder === 'test-email' ? PLACEHOLDER_EMAILS[0] : PLACEHOLDER_EMAILS[1];
    // Only what actually lands on the order links; a placeholder hides the real contact it replaced.
    if (address === second && (placeholder === null || placeholder === 'phone')) secondEmailOnAccount = true;
    if (phone !== '' && phone !== PLACEHOLDER_PHONE) phoneOnOrder = true;
    if (account !== undefined) account.orders++;
    const customerRef = account?.id ?? '';
    const status: OrderStatus = rng.chance(0.03) ? 'cancelled' : 'completed';
    const orderedAt = formatInZone(at, ZONES.berlin);
    const items = basket(person, rng);
    const lines = items.map((item, i) => ({ orderId, lineNo: i + 1, customerRef, email, phone, status, ...item, amountCents: item.quantity * item.unitPriceCents, orderedAt }));
    records.push({ orderId, at, lines });
    const refundAt = at + rng.between(2, 30) * DAY_MS;
    if (status === 'completed' && rng.chance(0.06) && refundAt <= endMs) {
      // Most refunds return the whole basket; the rest return part of one line.
      const returned = rng.chance(0.6) ? items : [rng.pick(items)];
      const refundId = `R-${orderId}`;
      const refundedAt = formatInZone(refundAt, ZONES.berlin);
      const refundLines = returned.map((item, i) => {
        const quantity = -(returned.length === 1 && items.length > 1 ? 1 + rng.int(item.quantity) : item.quantity);
        return { ...item, orderId: refundId, lineNo: i + 1, customerRef, email, phone, status: 'refunded' as const, quantity, amountCents: quantity * item.unitPriceCents, orderedAt: refundedAt };
      });
      records.push({ orderId: refundId, at: refundAt, lines: refundLines });
    }
  }
  return { records, anchors: { secondEmailOnAccount, phoneOnOrder } };
}
