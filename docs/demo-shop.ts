// A small deterministic demo shop (a few hundred customers and their orders, emails and social interactions) for the README screenshot.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Options of {@link writeDemoShop}. */
export interface DemoShopOptions {
  readonly customers: number;
  readonly seed: number;
  /** Last day with data, 'YYYY-MM-DD' (UTC). */
  readonly lastDay: string;
  /** How many days of history before `lastDay`. */
  readonly days: number;
}

/** File names written by {@link writeDemoShop}, by channel. */
export const demoShopFiles = Object.freeze({ orders: 'orders.csv', email: 'email_events.csv', social: 'social_interactions.ndjson' });

const DAY = 86_400_000;
const platforms = ['instagram', 'x', 'facebook'] as const;
const socialKinds = ['like', 'like', 'like', 'comment', 'share', 'follow', 'mention', 'reply', 'dm'] as const;

/**
 * Writes orders, email events and social interactions of a simulated shop into `dir`: customers join over
 * the period, buy at their own pace, some stop buying; ~3 % of orders are refunded and ~2 % cancelled.
 * The same options always write the same bytes.
 * @example await writeDemoShop('/tmp/demo', { customers: 300, seed: 7, lastDay: '2026-11-01', days: 420 });
 */
export async function writeDemoShop(dir: string, options: DemoShopOptions): Promise<void> {
  const random = mulberry32(options.seed);
  const end = Date.parse(`${options.lastDay}T23:59:59Z`);
  const start = end - options.days * DAY;
  const at = (t: number) => new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000', '');
  const orders = ['order_id,line_no,customer_ref,email,phone,status,currency,sku,quantity,unit_price,amount,ordered_at'];
  const emails = ['event_id,event_type,email,campaign_id,occurred_at,url'];
  const social: string[] = [];
  let orderNo = 1000;
  let eventNo = 1;
  for (let c = 1; c <= options.customers; c++) {
    const email = `customer${c}@example.com`;
    // Acquisition grows over time: more customers join in recent months.
    const joined = start + Math.sqrt(random()) * (end - start - DAY);
    const gapDays = 12 + random() * 90; // mean days between orders
    const lifetime = random() < 0.45 ? random() * 200 * DAY : Infinity; // some customers stop buying
    for (let t = joined; t < end && t < joined + lifetime; t += (0.3 + random() * 1.4) * gapDays * DAY) {
      const id = `O${orderNo++}`;
      const status = random() < 0.02 ? 'cancelled' : 'completed';
      const lines = 1 + Math.floor(random() * 3);
      let total = 0;
      for (let l = 1; l <= lines; l++) {
        const qty = 1 + Math.floor(random() * 2);
        const price = Math.round((8 + random() * random() * 120) * 100) / 100;
        total += qty * price;
        orders.push(`${id},${l},C${c},${email},,${status},EUR,SKU-${1 + Math.floor(random() * 40)},${qty},${price.toFixed(2)},${(qty * price).toFixed(2)},${at(t)}`);
      }
      if (status === 'completed' && random() < 0.03 && t + 5 * DAY < end) {
        orders.push(`R-${id},1,C${c},${email},,refunded,EUR,,1,,${(-total).toFixed(2)},${at(t + 5 * DAY)}`);
      }
    }
    // Weekly newsletter from the customer's first order on: sent, sometimes opened, rarely clicked.
    for (let t = joined + 2 * DAY, week = 0; t < end; t += 7 * DAY, week++) {
      const campaign = `NL-${Math.floor(t / (7 * DAY))}`;
      emails.push(`E${eventNo++},send,${email},${campaign},${at(t)},`);
      if (random() < 0.32 && t + DAY < end) {
        emails.push(`E${eventNo++},open,${email},${campaign},${at(t + random() * DAY)},`);
        if (random() < 0.18 && t + 2 * DAY < end) emails.push(`E${eventNo++},click,${email},${campaign},${at(t + DAY + random() * DAY)},https://shop.example.com/c/${campaign}`);
      }
      if (week > 0 && random() < 0.002 && t + 2 * DAY < end) { emails.push(`E${eventNo++},unsubscribe,${email},${campaign},${at(t + 2 * DAY)},`); break; }
    }
    if (random() < 0.5) {
      const platform = platforms[Math.floor(random() * platforms.length)]!;
      const handle = `@fan${c}`;
      const count = Math.floor(random() * random() * 30);
      for (let i = 0; i < count; i++) {
        const kind = socialKinds[Math.floor(random() * socialKinds.length)]!;
        const t = joined + random() * (end - joined);
        social.push(JSON.stringify({ interaction_id: `S${eventNo++}`, platform, handle, kind, profile_email: email, profile_phone: null, text: kind === 'like' ? null : 'Love it', occurred_at: at(t) }));
      }
    }
  }
  await writeFile(path.join(dir, demoShopFiles.orders), orders.join('\n') + '\n');
  await writeFile(path.join(dir, demoShopFiles.email), emails.join('\n') + '\n');
  await writeFile(path.join(dir, demoShopFiles.social), social.join('\n') + '\n');
}

// mulberry32: a tiny seeded PRNG, so the demo data is the same on every machine.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
