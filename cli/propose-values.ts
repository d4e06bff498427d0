// Proposes how a file's own names for a channel's fixed values (an ESP's event names, a social tool's interaction
// types, a shop's order statuses) translate into the contract's, for `rapport init`: known synonyms only.

/**
 * Names other systems give the contract's fixed values, compared lower-case without spaces or punctuation. Only
 * names with one clear meaning are here: SendGrid's `dropped` and `deferred`, Mailchimp's `soft_bounce` or
 * Mailgun's `failed` (never sent, or only delayed) have no counterpart and stay unmapped, so they are quarantined
 * with their value named rather than counted as something they are not.
 */
const VALUE_SYNONYMS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  event_type: {
    // SendGrid processed; Mailchimp/Brevo sent; Klaviyo "Received Email" is delivered to the inbox server.
    send: ['send', 'sent', 'processed', 'accepted', 'requested', 'emailsent'],
    delivered: ['delivered', 'delivery', 'receivedemail', 'received', 'emaildelivered'],
    open: ['open', 'opened', 'opens', 'openedemail', 'emailopened', 'uniqueopened'],
    click: ['click', 'clicked', 'clicks', 'clickedemail', 'emailclicked', 'linkclicked'],
    // Only permanent bounces: a recipient who bounced is left out of exports, a soft bounce may deliver next time.
    bounce: ['bounce', 'bounced', 'hardbounce', 'bouncedemail', 'emailbounced', 'permanentbounce'],
    unsubscribe: ['unsubscribe', 'unsubscribed', 'unsub', 'groupunsubscribe', 'unsubscribedfromemailmarketing', 'optout', 'optedout'],
    complaint: ['complaint', 'complained', 'spamreport', 'spam', 'spamcomplaint', 'markedemailasspam', 'abuse', 'abusereport'],
  },
  kind: {
    mention: ['mention', 'mentioned', 'tag', 'tagged'],
    comment: ['comment', 'commented'],
    reply: ['reply', 'replied', 'response'],
    dm: ['dm', 'directmessage', 'privatemessage', 'message', 'inbox'],
    follow: ['follow', 'followed', 'follower', 'newfollower'],
    like: ['like', 'liked', 'favorite', 'favourite', 'reaction', 'heart'],
    share: ['share', 'shared', 'retweet', 'repost', 'reshare'],
  },
  status: {
    completed: ['completed', 'complete', 'paid', 'fulfilled', 'shipped', 'delivered', 'closed'],
    refunded: ['refunded', 'refund', 'returned', 'return'],
    cancelled: ['cancelled', 'canceled', 'cancel', 'voided', 'void'],
  },
};

/** A value the file holds and how often (in the rows read). */
export interface ValueCount {
  readonly value: string;
  readonly rows: number;
}

/** The proposal for one fixed-value field: the SQL that translates the file's names (if any are needed) and what to check. */
export interface ValueProposal {
  readonly sql?: string;
  readonly check?: string;
}

const norm = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
const quoteIdent = (column: string) => `"${column.replaceAll('"', '""')}"`;
const quoteText = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Whether `field` is one whose file values `proposeValues` can translate. */
export const translatesValues = (field: string) => field in VALUE_SYNONYMS;

/**
 * Proposes a `CASE lower("Column") WHEN '<their name>' THEN '<contract value>' ... ELSE lower("Column") END`
 * translating the file's values of `field` into the contract's `accepted` ones, and names the values it could
 * not translate (those rows will be quarantined). No SQL when every value already is a contract value as written.
 * @example proposeValues('event_type', 'Event', ['send', ...], [{ value: 'processed', rows: 3 }]).sql
 *   // CASE lower("Event") WHEN 'processed' THEN 'send' ELSE lower("Event") END
 */
export function proposeValues(field: string, column: string, accepted: readonly string[], values: readonly ValueCount[]): ValueProposal {
  const synonyms = VALUE_SYNONYMS[field] ?? {};
  const target = (value: string): string | undefined => {
    if (accepted.includes(value.toLowerCase())) return value.toLowerCase();
    return accepted.find((a) => (synonyms[a] ?? []).includes(norm(value)));
  };
  const present = values.filter((v) => v.value !== '');
  if (present.every((v) => accepted.includes(v.value))) return {};
  const whens = new Map<string, string>(); // lower-cased file value -> contract value
  const unmapped: ValueCount[] = [];
  for (const v of present) {
    const to = target(v.value);
    if (to === undefined) unmapped.push(v);
    else if (v.value.toLowerCase() !== to) whens.set(v.value.toLowerCase(), to);
  }
  const col = `lower(${quoteIdent(column)})`;
  const caseOnly = whens.size === 0 && present.some((v) => target(v.value) !== undefined && v.value !== v.value.toLowerCase());
  const sql = whens.size > 0
    ? `CASE ${col} ${[...whens].map(([from, to]) => `WHEN ${quoteText(from)} THEN ${quoteText(to)}`).join(' ')} ELSE ${col} END`
    : caseOnly ? col : undefined;
  const notes = [
    ...[...whens].map(([from, to]) => `"${from}" read as ${to}`),
    ...(unmapped.length > 0 ? [`${unmapped.map((v) => `"${v.value}" (${v.rows} row${v.rows === 1 ? '' : 's'})`).join(', ')} ${unmapped.length === 1 ? 'matches' : 'match'} none of ${accepted.join(', ')}: quarantined`] : []),
  ];
  return { ...(sql ? { sql } : {}), ...(notes.length > 0 ? { check: notes.join('; ') } : {}) };
}
