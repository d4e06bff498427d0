// Computes the KPI report's figures in plain TypeScript from the fixture rows, independently of the report's SQL.
import { AS_OF, emailEvents, orderLines, socialInteractions } from './kpi-fixture.js';

const t = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

interface Order { readonly customer: string | null; readonly at: number; readonly net: number | null }

/** Orders before the as-of date: lines summed, cancelled lines zero unless negative, customer = email. */
export function fixtureOrders(): Order[] {
  const byId = new Map<string, { customer: string | null; at: number; net: number | null }>();
  for (const l of orderLines) {
    const o = byId.get(l.order_id) ?? { customer: l.email?.trim().toLowerCase() ?? null, at: t(l.ordered_at), net: null };
    o.at = Math.min(o.at, t(l.ordered_at));
    if (l.status !== 'cancelled' || l.amount < 0) o.net = (o.net ?? 0) + l.amount;
    byId.set(l.order_id, o);
  }
  return [...byId.values()].filter((o) => o.at < t(AS_OF));
}

const counted = (o: Order) => o.net !== null && o.net > 0;

function firstOrderAt(orders: readonly Order[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const o of orders.filter(counted)) if (o.customer) first.set(o.customer, Math.min(first.get(o.customer) ?? Infinity, o.at));
  return first;
}

/** Revenue, orders, AOV, active, new and returning customers of [start, end). */
export function expectedOrderFigures(start: string, end: string) {
  const all = fixtureOrders();
  const inPeriod = all.filter((o) => o.at >= t(start) && o.at < t(end));
  const countedOrders = inPeriod.filter(counted);
  const first = firstOrderAt(all);
  const active = new Set(countedOrders.flatMap((o) => (o.customer ? [o.customer] : [])));
  const fresh = [...active].filter((c) => first.get(c)! >= t(start));
  const countedValue = countedOrders.reduce((n, o) => n + o.net!, 0);
  return {
    revenue: inPeriod.reduce((n, o) => n + (o.net ?? 0), 0),
    orders: countedOrders.length,
    aov: countedOrders.length === 0 ? null : countedValue / countedOrders.length,
    active: active.size,
    new: fresh.length,
    returning: active.size - fresh.length,
  };
}

/** Share of customers with a counted order before `end` who have two or more. */
export function expectedRepeatRate(end: string): number | null {
  const perCustomer = new Map<string, number>();
  for (const o of fixtureOrders().filter((o) => counted(o) && o.customer && o.at < t(end))) perCustomer.set(o.customer!, (perCustomer.get(o.customer!) ?? 0) + 1);
  return perCustomer.size === 0 ? null : [...perCustomer.values()].filter((n) => n >= 2).length / perCustomer.size;
}

/** Month-1 retention of the cohort whose first counted order is in month 'YYYY-MM'. */
export function expectedMonthOneRetention(month: string): number | null {
  const orders = fixtureOrders().filter(counted);
  const monthOf = (at: number) => new Date(at).toISOString().slice(0, 7);
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 7);
  const cohort = [...firstOrderAt(orders)].filter(([, at]) => monthOf(at) === month).map(([c]) => c);
  if (cohort.length === 0) return null;
  return cohort.filter((c) => orders.some((o) => o.customer === c && monthOf(o.at) === next)).length / cohort.length;
}

/** Distinct messages (recipient, campaign) with a send, open and click event in [start, end). */
export function expectedEmailFunnel(start: string, end: string) {
  const messages = (type: string) => new Set(emailEvents
    .filter((e) => e.event_type === type && t(e.occurred_at) >= t(start) && t(e.occurred_at) < t(end))
    .map((e) => `${e.email.trim().toLowerCase()}|${e.campaign_id ?? ''}`)).size;
  return { sent: messages('send'), opened: messages('open'), clicked: messages('click') };
}

/** Social interactions and conversations in [start, end), in total and per platform. */
export function expectedSocial(start: string, end: string) {
  const rows = socialInteractions.filter((s) => t(s.occurred_at) >= t(start) && t(s.occurred_at) < t(end));
  const perPlatform: Record<string, number> = {};
  for (const r of rows) perPlatform[r.platform] = (perPlatform[r.platform] ?? 0) + 1;
  return { interactions: rows.length, conversations: rows.filter((r) => ['comment', 'reply', 'dm', 'mention'].includes(r.kind)).length, perPlatform };
}
