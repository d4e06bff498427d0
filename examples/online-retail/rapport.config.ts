// The Online Retail example: the UCI "Online Retail" export (541,909 order lines, 2010-12 to 2011-12) as the
// only source, read straight from the gzip file and mapped onto the orders contract.
import { defineConfig } from 'rapport';

/**
 * The data file: beside the repository (`../shared/datasets/...` from the repo root), relative to this file.
 * `ONLINE_RETAIL_CSV` points elsewhere (e.g. from a git worktree that does not sit beside `shared/`).
 */
const file = process.env.ONLINE_RETAIL_CSV ?? '../../../shared/datasets/online-retail/online-retail.csv.gz';

export default defineConfig({
  warehouse: '../../data/online-retail.duckdb',
  outputs: { exports: '../../data/online-retail/exports', reports: '../../reports/out/online-retail' },
  sources: {
    orders: {
      connector: 'file',
      channel: 'orders',
      path: file,
      format: 'csv',
      mapping: {
        order_id: 'InvoiceNo',
        // The file has no line number. A line's number is its position within its invoice when the invoice's
        // lines are sorted by StockCode and then every other column: it depends only on the file's content, not
        // on the order DuckDB reads it in, so a re-export with lines shuffled gets the same keys. Lines that are
        // identical in every column (about 5,000 in this file) get consecutive numbers and are all kept.
        line_no: {
          sql: 'row_number() OVER (PARTITION BY InvoiceNo ORDER BY StockCode, Description, Quantity, UnitPrice, InvoiceDate, CustomerID, Country)',
        },
        customer_ref: { sql: "nullif(regexp_replace(trim(CustomerID), '\\.0+$', ''), '')" }, // "17850.0" -> "17850"; empty -> no customer
        status: { sql: "CASE WHEN InvoiceNo LIKE 'C%' THEN 'refunded' ELSE 'completed' END" }, // C invoices are returns (negative quantities)
        currency: { sql: "'GBP'" },
        sku: 'StockCode',
        quantity: 'Quantity',
        unit_price: 'UnitPrice',
        amount: { sql: 'round(TRY_CAST(Quantity AS DECIMAL(18,4)) * TRY_CAST(UnitPrice AS DECIMAL(18,4)), 2)' }, // bad numbers -> quarantine
        ordered_at: 'InvoiceDate', // no offset in the file: read as UTC (the shop's hours never cross midnight)
      },
    },
  },
  pipelines: {
    // The shop knows customers by CustomerID only (no email): exports are keyed by that account reference.
    daily: { schedule: '0 6 * * *', timezone: 'UTC', exports: [{ segment: 'At Risk', key: 'account' }, { segment: 'Champions', key: 'account' }] },
  },
  analytics: { churnInactivityDays: 180 },
});
