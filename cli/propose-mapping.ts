// Proposes how a file's columns map onto a channel contract, for `rapport init`: by name (with common synonyms),
// constants for fields a shop file rarely has, and a conversion for day-first or month-first dates.
import type { FieldMapping } from '../sources/field-mapping.js';

/** One contract field's proposal: the mapping (if any) and what the person should check about it. */
export interface FieldProposal {
  readonly field: string;
  readonly mapping?: FieldMapping;
  readonly check?: string;
}

/** Other names a column for a field goes by, compared lower-case without spaces or punctuation. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  order_id: ['orderid', 'ordernumber', 'orderno', 'ordernr', 'order', 'invoiceno', 'invoice', 'invoiceid', 'invoicenumber', 'transactionid'],
  line_no: ['lineno', 'linenumber', 'line', 'lineitem', 'position', 'itemno'],
  customer_ref: ['customerref', 'customerid', 'customer', 'custid', 'clientid', 'accountid', 'userid', 'customernumber'],
  email: ['email', 'emailaddress', 'customeremail', 'mail', 'recipient', 'recipientemail'],
  phone: ['phone', 'phonenumber', 'telephone', 'mobile', 'tel'],
  status: ['status', 'orderstatus', 'state'],
  currency: ['currency', 'currencycode', 'curr'],
  sku: ['sku', 'productid', 'stockcode', 'itemcode', 'product', 'article', 'articleno'],
  quantity: ['quantity', 'qty', 'units', 'count'],
  unit_price: ['unitprice', 'price', 'itemprice'],
  amount: ['amount', 'total', 'linetotal', 'ordertotal', 'revenue', 'value', 'netamount', 'sales', 'subtotal'],
  ordered_at: ['orderedat', 'orderdate', 'createdat', 'invoicedate', 'ordertime', 'purchasedat', 'date', 'datetime', 'timestamp'],
  event_id: ['eventid', 'sgeventid', 'messageid', 'id'], // sg_event_id: SendGrid's
  event_type: ['eventtype', 'event', 'type', 'action'],
  campaign_id: ['campaignid', 'campaign', 'campaignname'],
  occurred_at: ['occurredat', 'timestamp', 'eventtime', 'createdat', 'datetime', 'date', 'time'],
  url: ['url', 'link', 'clickedurl'],
  interaction_id: ['interactionid', 'postid', 'commentid', 'id'],
  platform: ['platform', 'network', 'socialnetwork', 'site'],
  handle: ['handle', 'username', 'user', 'author', 'screenname', 'account'],
  kind: ['kind', 'interactiontype', 'type', 'action'],
  profile_email: ['profileemail', 'email'],
  profile_phone: ['profilephone', 'phone'],
  text: ['text', 'message', 'body', 'content', 'comment'],
};

/** Fields a shop export often lacks, with a constant that is right for most shops (the person checks it). */
const CONSTANTS: Readonly<Record<string, { sql: string; check: string }>> = {
  currency: { sql: "'EUR'", check: 'no currency column: every order is taken to be in EUR; change it to yours' },
  status: { sql: "'completed'", check: 'no status column: every order line counts as completed (refunds need a status)' },
  quantity: { sql: '1', check: 'no quantity column: every line counts one item' },
};

const norm = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const quote = (column: string) => `"${column.replaceAll('"', '""')}"`;

/** A DuckDB expression turning day-first or month-first date text into ISO, or undefined when it already is ISO. */
function dateConversion(column: string, values: readonly string[]): { sql: string; check: string } | undefined {
  const seen = values.map((v) => v.trim()).filter(Boolean);
  if (seen.length === 0 || seen.every((v) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?/.test(v))) return undefined;
  const m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})( \d{1,2}:\d{2}(:\d{2})?)?$/.exec(seen[0]!);
  if (!m) return undefined;
  const sep = m[2]!;
  const dayFirst = sep === '.' || seen.some((v) => Number(v.split(sep)[0]) > 12);
  const time = m[6] ? ' %H:%M:%S' : m[5] ? ' %H:%M' : '';
  const format = dayFirst ? `%d${sep}%m${sep}%Y${time}` : `%m${sep}%d${sep}%Y${time}`;
  return {
    // try_strptime: an impossible date (31.02.) passes through as written, so the contract quarantines that row with
    // the value named instead of the whole file failing on it.
    sql: `coalesce(strftime(try_strptime(${quote(column)}, '${format}'), '%Y-%m-%dT%H:%M:%S'), ${quote(column)})`,
    check: `dates like "${seen[0]}" read as ${dayFirst ? 'day' : 'month'} first (${format}), in UTC`,
  };
}

/**
 * Proposes a mapping for every field of `fields` (the contract's, in order) from a file's `columns` and a few rows.
 * A column named like the field needs no mapping; a required field with no column is reported in `check`.
 * @example proposeMapping(['order_id', ...], ['Order Number', 'Total'], rows, { required: new Set(['order_id']) })
 */
export function proposeMapping(
  fields: readonly string[],
  columns: readonly string[],
  rows: readonly Record<string, string>[],
  options: { readonly required: ReadonlySet<string>; readonly timeField: string; readonly groupBy?: string },
): FieldProposal[] {
  const byNorm = new Map(columns.map((c) => [norm(c), c]));
  const used = new Set<string>();
  const find = (field: string) => [field, ...(SYNONYMS[field] ?? [])].map((n) => byNorm.get(norm(n))).find((c) => c !== undefined && !used.has(c));
  const found = new Map<string, string>();
  for (const field of fields) { // in contract order, so order_id takes "Order" before anything else can
    const column = find(field);
    if (column !== undefined) { found.set(field, column); used.add(column); }
  }
  return fields.map((field): FieldProposal => {
    const column = found.get(field);
    if (column !== undefined) {
      const date = field === options.timeField ? dateConversion(column, rows.map((r) => r[column] ?? '')) : undefined;
      if (date) return { field, mapping: { sql: date.sql }, check: date.check };
      return column === field ? { field } : { field, mapping: column };
    }
    if (field === 'line_no' && options.groupBy && found.has(options.groupBy)) {
      const order = found.get(options.groupBy)!;
      return { field, mapping: { sql: `row_number() OVER (PARTITION BY ${quote(order)} ORDER BY ${columns.map(quote).join(', ')})` },
        check: `no line-number column: lines are numbered within each ${order}` };
    }
    const constant = CONSTANTS[field];
    if (constant && options.required.has(field)) return { field, mapping: { sql: constant.sql }, check: constant.check };
    return options.required.has(field) ? { field, check: `required, but no column looks like it: map it to one of ${columns.join(', ')}` } : { field };
  });
}
