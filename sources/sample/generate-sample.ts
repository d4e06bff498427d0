// Writes the deterministic sample data set behind `rapport sample`: ESP events, social interactions, orders and ground truth.

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlockFile, MAX_PENDING_ROWS } from './block-file.js';
import { productsCsv } from './catalog.js';
import { CONTACTS_HEADER, contactLine, createContacts, householdEmail } from './create-contacts.js';
import { createEmailEvents } from './create-email-events.js';
import { OrderLedger, createOrders } from './create-orders.js';
import { createPerson } from './create-person.js';
import { createSocialInteractions } from './create-social-interactions.js';
import { SUPPORT_HEADER, SURVEY_HEADER, SupportSample } from './create-support.js';
import { affinePermutation, hexCode, padDigits } from './id-codes.js';
import { planCampaigns } from './plan-campaigns.js';
import { Prng, mixSeed } from '../../shared/prng.js';
import { RecordEmitter } from './record-emitter.js';
import { resolveOptions } from './resolve-options.js';
import { HEADERS, emailEventFormat, orderLineFormat, socialFormat } from './row-formats.js';
import type { PersonContext } from './create-person.js';
import type { RowFormat } from './row-formats.js';
import type { SampleOptions, SampleSummary } from './sample-summary.js';

/** Persons per block; a block's rows are time-ordered within the block, so files are sorted only piecewise. */
const BLOCK_PERSONS = 256;
const MESS = { malformed: 0.005, duplicate: 0.006, late: 0.01 } as const;

/** File names inside `outDir`; part of the loaders' contract. */
export const SAMPLE_FILES = {
  emailEvents: 'email_events.csv',
  socialInteractions: 'social_interactions.ndjson',
  orders: 'orders.csv',
  groundTruth: 'ground_truth.csv',
  supportMessages: 'support_messages.csv',
  surveyResponses: 'survey_responses.csv',
  contacts: 'contacts.csv',
  contactsGroundTruth: 'contacts_ground_truth.csv',
  products: 'products.csv',
} as const;

/**
 * Generates a synthetic customer population for one shop ("Tidewater", EUR, domain `tidewater.example`) and writes four
 * files into `outDir`. Rows are streamed in blocks of 256 persons, so memory stays flat at any size (~39 data rows per
 * person). The same options give byte-identical files (own seeded PRNG, no clock; same Node.js major).
 *
 * Files (UTF-8, `\n` line ends; CSVs start with the header and are never quoted except inside malformed rows):
 * - `email_events.csv`: `event_id,event_type,email,campaign_id,occurred_at,url`. `event_type`: send, delivered, open,
 *   click, bounce, unsubscribe, complaint; `url` only on clicks; `campaign_id` like `cmp_0042`. About 1.5 campaigns a
 *   week, each to a segment of subscribers. Per send: ~95% delivered, ~25% opened, ~4% clicked, ~1% bounced, ~0.3%
 *   unsubscribed, ~0.02% complaints. A bounce (always hard), unsubscribe or complaint ends later sends to that address.
 *   Mostly UTC (`Z`); ~20% of rows in the recipient's local offset.
 * - `social_interactions.ndjson`: one object per line, keys in this order: `interaction_id` (`ig_`/`x_`/`fb_`/`tt_` +
 *   hex), `platform` (instagram, x, facebook, tiktok), `handle`, `kind` (mention, comment, reply, dm, follow, like,
 *   share), `profile_email`, `profile_phone`, `text` (null for follows, likes and most shares), `occurred_at` (poster's
 *   local offset, sometimes `Z`). Absent values are null. All rows of one platform + handle (trimmed, `@` dropped,
 *   lower-cased) are one person; a handle's first row shows all its profile data, later rows each field ~20% of the time.
 * - `orders.csv`: `order_id,line_no,customer_ref,email,phone,status,currency,sku,quantity,unit_price,amount,ordered_at`,
 *   one row per order line (`line_no` from 1). `order_id` is 9 digits; `status` completed, cancelled (~3%) or refunded:
 *   refunds (~6% of completed orders, 2-30 days later) are their own order `R-<order_id>` with negative `quantity` and
 *   `amount` and the original's contacts. `amount = quantity * unit_price` exactly (2 decimals); currency always EUR;
 *   `customer_ref` (`C` + 8 digits) is the shop account, empty for guest checkouts; `phone` often empty; `ordered_at` in
 *   shop time (Europe/Berlin, +01:00 / +02:00).
 * - `products.csv`: `sku,name,category,price,active,updated_at`, the shop's 30 products (the same for every seed; one
 *   no longer sold, `active` false), `updated_at` the window's end.
 * - `ground_truth.csv`: `source,record_id,person_id`, one row per distinct record with at least one well-formed row.
 *   `source` is email, social or orders; `record_id` the event_id, interaction_id or order_id (refunds included);
 *   `person_id` is `P` + 7 digits. Malformed rows are not in it: an id seen only in malformed rows is absent.
 *
 * Behaviour: acquisition dates spread over the window (skewed to recent); buyers follow BG/NBD (first order at
 * acquisition, Gamma-distributed purchase rates, Beta-distributed dropout after each purchase) with Gamma-Gamma-like
 * order values around a per-person mean. ~50% of persons order, ~88% receive emails, ~30% are active on social media.
 * Orders and posts follow a daily rhythm in the person's time zone.
 *
 * Mess, on purpose:
 * - emails in mixed case or padded with spaces; ~15% of persons have a second address, used on later orders of their
 *   account or on a social profile that also shows their phone; a few Gmail users write dot or `+tag` variants;
 * - phones typed in assorted formats (`+44 7700 900123`, `(555) 010-2345`, `0049 151 23456789`, `0151/23456789`...);
 * - placeholder contacts on orders of different persons (`test@example.com`, `support@tidewater.example`,
 *   `+10000000000`, one order in 150), always on an order still linked by account or email; truth is the real person;
 * - ~3% of handles of persons also seen elsewhere show no profile data, so they cannot be linked;
 * - ~0.6% of well-formed rows written twice, byte-identical; rows ordered by time only within each block of persons;
 *   ~1% of records exported 1-5 days late; offsets such as `Z`, `+01:00`, `+02:00`, `-05:00`, `-04:00`, `+05:30`, so
 *   some local dates differ from the UTC date;
 * - ~0.5% of rows per file malformed, exactly one defect each, kinds rotating so each appears equally often, counted in
 *   the summary: `wrong_column_count` (CSV: a field missing or an unquoted comma), `unparseable_timestamp` (month 13,
 *   hour 25, `15.06.2025 10:00`, `... CEST`, `n/a`), `missing_required_field` (empty event_id or email; null or missing
 *   interaction_id; empty order_id), `unknown_event_type` (deferred, dropped, processed, spamreport),
 *   `non_numeric_amount` (`"12,50"`, `N/A`, `12.50 EUR`, `€12.50`), `invalid_json` (cut-off line, single quotes,
 *   trailing comma).
 *
 * Linking rule that reaches pairwise precision and recall >= 0.98: link records sharing an account id, a platform+handle,
 * a normalised email (trim, lower-case; for gmail.com drop dots and `+tag`) or a normalised phone, never on the
 * placeholders. Phone normalisation: keep the digits; a leading `+` or `00` is international; a leading single `0` is
 * German national (+49); otherwise 10 digits, or 11 starting with `1`, are North American (+1).
 *
 * Throws a RangeError naming the option before anything is written. If writing fails, the partial files stay as
 * `<name>.err` in `outDir` and the thrown error (with `cause`) lists them; rerun to regenerate. Files are written as
 * `<name>.tmp` and renamed on success, replacing earlier files of the same name.
 *
 * @example const summary = await generateSample({ customers: 2000, seed: 7, outDir: 'data/sample' });
 */
export async function generateSample(options: SampleOptions): Promise<SampleSummary> {
  const opts = resolveOptions(options);
  const { seed, customers, startMs, endMs } = opts;
  await mkdir(opts.outDir, { recursive: true });
  const path = (name: string): string => join(opts.outDir, name);
  const emailFile = new BlockFile(path(SAMPLE_FILES.emailEvents), HEADERS.emailEvents, true);
  const socialFile = new BlockFile(path(SAMPLE_FILES.socialInteractions), null, true);
  const ordersFile = new BlockFile(path(SAMPLE_FILES.orders), HEADERS.orders, true);
  const truthFile = new BlockFile(path(SAMPLE_FILES.groundTruth), HEADERS.groundTruth, false);
  const supportFile = new BlockFile(path(SAMPLE_FILES.supportMessages), SUPPORT_HEADER, true);
  const surveyFile = new BlockFile(path(SAMPLE_FILES.surveyResponses), SURVEY_HEADER, true);
  const support = new SupportSample(seed, endMs);
  const files = [emailFile, socialFile, ordersFile, truthFile, supportFile, surveyFile];
  // Contacts draw from their own streams and files, so the files above stay byte-identical for a seed.
  const contactFiles = [new BlockFile(path(SAMPLE_FILES.contacts), CONTACTS_HEADER, true), new BlockFile(path(SAMPLE_FILES.contactsGroundTruth), 'contact_id,person_id', false)] as const;
  const emitter = <R>(file: BlockFile, format: RowFormat<R>): RecordEmitter<R> =>
    new RecordEmitter(file, truthFile, format, new Prng(mixSeed(seed, 'mess', format.source)), MESS, startMs);
  const emails = emitter(emailFile, emailEventFormat);
  const social = emitter(socialFile, socialFormat);
  const orders = emitter(ordersFile, orderLineFormat);
  const tagDigits = Math.max(4, String(customers - 1).length);
  const tag = affinePermutation(10 ** tagDigits, mixSeed(seed, 'tag'));
  const phoneDigits = affinePermutation(10_000_000, mixSeed(seed, 'phone'));
  const context: PersonContext = { startMs, endMs, tagOf: (i) => padDigits(tag(i), tagDigits), phoneDigitsOf: (i) => padDigits(phoneDigits(i), 7) };
  const campaigns = planCampaigns(seed, startMs, endMs, opts.months);
  const ledger = new OrderLedger(seed);
  const eventHex = hexCode(mixSeed(seed, 'events'));
  const interactionHex = hexCode(mixSeed(seed, 'interactions'));
  let eventCount = 0;
  let interactionCount = 0;
  const nextEventId = (): string => `evt_${eventHex(eventCount++)}`;
  const nextInteractionId = (): string => interactionHex(interactionCount++);
  const contactHex = hexCode(mixSeed(seed, 'contact-ids'));
  const contactContext = { endMs, householdEmailOf: (i: number) => householdEmail(context.tagOf(i - (i % 2))) };
  const people = { total: customers, ordering: 0, emailed: 0, social: 0 };
  try {
    for (let index = 0; index < customers; index++) {
      const rng = new Prng(mixSeed(seed, 'person', index));
      const person = createPerson(index, context, rng);
      const { records, anchors } = createOrders(person, rng, ledger, endMs);
      const [main = '', second] = person.emails;
      // The ESP only holds the second address once the person has used it on their account.
      const espAddress = anchors.secondEmailOnAccount && second !== undefined && rng.chance(0.4) ? second : main;
      const events = createEmailEvents(person, rng, campaigns, endMs, espAddress, nextEventId);
      const anchorEmails = anchors.secondEmailOnAccount ? person.emails : [main];
      const socialAnchors = { emails: anchorEmails, phone: anchors.phoneOnOrder, hasOtherRecords: records.length + events.length > 0 };
      const interactions = createSocialInteractions(person, rng, socialAnchors, opts, nextInteractionId);
      for (const order of records) orders.emit(order.orderId, person.id, order.at, order.lines);
      for (const event of events) emails.emitOne(event.eventId, person.id, event.at, event);
      for (const { at, row } of interactions) social.emitOne(row.interaction_id ?? '', person.id, at, row);
      const { messages, responses } = support.forPerson(person, records);
      for (const m of messages) supportFile.add(m.line, Math.floor((m.at - startMs) / 1000));
      for (const r of responses) surveyFile.add(r.line, Math.floor((r.at - startMs) / 1000));
      people.ordering += records.length > 0 ? 1 : 0;
      people.emailed += events.length > 0 ? 1 : 0;
      people.social += interactions.length > 0 ? 1 : 0;
      for (const row of createContacts(person, contactContext, new Prng(mixSeed(seed, 'contacts', index)))) {
        const contactId = `C${contactHex(contactFiles[1].rows)}`;
        contactFiles[0].add(contactLine(contactId, row), Math.floor((Date.parse(row.updated_at) - startMs) / 1000));
        contactFiles[1].add(`${contactId},${person.id}`, 0);
      }
      if ((index + 1) % BLOCK_PERSONS === 0 || files.some((file) => file.pending > MAX_PENDING_ROWS / 2)) {
        for (const file of [...files, ...contactFiles]) await file.flush();
      }
    }
    for (const file of [...files, ...contactFiles]) await file.commit();
    await writeFile(`${path(SAMPLE_FILES.products)}.tmp`, productsCsv(new Date(endMs).toISOString().slice(0, 19) + 'Z'));
    await rename(`${path(SAMPLE_FILES.products)}.tmp`, path(SAMPLE_FILES.products));
  } catch (error) {
    const kept = (await Promise.all([...files, ...contactFiles].map((file) => file.abandon()))).filter((path) => path !== null);
    const left = kept.length > 0 ? `partial files kept as ${kept.join(', ')}` : 'no partial files left';
    throw new Error(`sample: writing ${opts.outDir} failed (seed ${seed}, ${customers} customers); ${left}; rerun to regenerate`, { cause: error });
  }
  const [emailSummary, socialSummary, ordersSummary] = [emails.summary(), social.summary(), orders.summary()];
  return Object.freeze({
    outDir: opts.outDir,
    seed,
    customers,
    endDate: opts.endDate,
    months: opts.months,
    window: Object.freeze({ start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() }),
    people: Object.freeze(people),
    files: Object.freeze({
      emailEvents: emailSummary,
      socialInteractions: socialSummary,
      orders: ordersSummary,
      groundTruth: Object.freeze({ path: truthFile.path, rows: truthFile.rows }),
      supportMessages: Object.freeze({ path: supportFile.path, rows: supportFile.rows }),
      surveyResponses: Object.freeze({ path: surveyFile.path, rows: surveyFile.rows }),
    }),
    dataRows: emailSummary.rows + socialSummary.rows + ordersSummary.rows,
  });
}
