// The done-means of erasure: a person in every channel under three identifiers and in quarantine is forgotten for good.
import { appendFile, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf } from '../../privacy/identity-hash.js';
import { unclassifiedTables, warehouseTables } from '../../privacy/personal-tables.js';
import { IdentityConfig } from '../../transforms/identity-config.js';
import type { IdentifierKind } from '../../sources/contracts/index.js';
import { channels } from '../../sources/contracts/index.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { queryFile } from '../helpers/query-file.js';

// The person, written differently in different sources, as people and systems do.
const email = 'zelda.quast@privacy-test.example';
const phoneDigits = '99887766'; // "+49 151 99887766", "0151 99887766", "+4915199887766"
const handle = 'zelda_quast_77';
const street = 'Quaststrasse 7';
const recordIds = ['ZQ900001', 'ZQ900002', 'ZQ900003', 'evt_zq0001', 'evt_zq0002', 'evt_zq0003', 'ig_zq0001', 'ig_zq0002', 'ig_zq0003',
  'msg_zq0001', 'msg_zq0002', 'cnv_zq0001', 'rsp_zq0001', 'Czq000001'];
/** What no table and no byte of the file may hold afterwards (compared case-insensitively). */
const forbidden = [email, phoneDigits, handle, street.toLowerCase()];

const rows: Record<string, string[]> = {
  'orders.csv': [
    `ZQ900001,1,,Zelda.Quast@Privacy-Test.example,+49 151 99887766,completed,EUR,JKT-DOWN-68,1,249.00,249.00,2025-06-02T10:00:00Z`,
    `ZQ900002,1,,${email},,completed,EUR,BAG-DAY-66,1,89.90,89.90,2025-08-14T10:00:00Z`,
    `ZQ900003,1,,${email},0151 99887766,completed,EUR,BAG-DAY-66,1,89.90,not-a-number,2025-09-01T10:00:00Z`, // quarantined
  ],
  'email_events.csv': [
    `evt_zq0001,send,${email},cmp_0003,2025-06-01T08:00:00Z,`,
    `evt_zq0002,open,ZELDA.QUAST@privacy-test.example,cmp_0003,2025-06-01T09:00:00Z,`,
    `evt_zq0003,click,${email},cmp_0003,2025-06-01T09:01:00Z,https://shop.example/jackets`,
  ],
  'social_interactions.ndjson': [
    JSON.stringify({ interaction_id: 'ig_zq0001', platform: 'instagram', handle: '@Zelda_Quast_77', kind: 'comment', profile_email: email, profile_phone: null, text: 'Love the jacket', occurred_at: '2025-06-03T12:00:00Z' }),
    JSON.stringify({ interaction_id: 'ig_zq0002', platform: 'instagram', handle: `@${handle}`, kind: 'dm', profile_email: null, profile_phone: '+49 151 99887766', text: 'Is it waterproof?', occurred_at: '2025-06-04T12:00:00Z' }),
    `{"interaction_id":"ig_zq0003","platform":"instagram","handle":"@${handle}","kind":"like","profile_phone":"+49 151 99887766","text":"broken`, // quarantined
  ],
  'support_messages.csv': [
    `msg_zq0001,cnv_zq0001,chat,inbound,${email},0151 99887766,,,Where is my order ZQ900001?,open,2025-06-05T09:00:00Z`,
    `msg_zq0002,cnv_zq0001,chat,outbound,,,,eva,"On its way, Zelda.",closed,2025-06-05T09:10:00Z`, // no identifier: the record's
  ],
  'survey_responses.csv': [`rsp_zq0001,nps,3,Delivery was slow,${email},,ZQ900001,2025-06-20T10:00:00Z`],
  'contacts.csv': [`Czq000001,Zelda,Quast,${email},+49 151 99887766,1990-02-03,${street},Berlin,10115,DE,2025-05-01T10:00:00Z`],
};
const personRows = Object.values(rows).reduce((n, r) => n + r.length, 0); // 13 records in the files

let dir: string;
let warehouse: string;
const cli = (...args: string[]) => runCli([...args, '--config', path.join(dir, 'rapport.config.mjs')], dir, {});

const query = queryFile;

/** Every text value of every table that contains one of `needles` (case-insensitive), as "table.column: value". */
async function textHits(file: string, needles: readonly string[]): Promise<string[]> {
  const cols = await query<{ t: string; c: string }>(file, `SELECT table_name AS t, column_name AS c FROM information_schema.columns
    WHERE table_schema = 'main' AND data_type IN ('VARCHAR', 'JSON', 'VARCHAR[]') AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')`);
  const cond = (c: string) => needles.map((n) => `contains(lower("${c}"::VARCHAR), '${n.toLowerCase()}')`).join(' OR ');
  const sql = cols.map(({ t, c }) => `SELECT '${t}.${c}: ' || "${c}"::VARCHAR AS hit FROM "${t}" WHERE ${cond(c)}`).join(' UNION ALL ');
  return (await query<{ hit: string }>(file, sql)).map((r) => r.hit);
}

async function fileHits(file: string, needles: readonly string[]): Promise<string[]> {
  const bytes = (await readFile(file)).toString('latin1').toLowerCase();
  return needles.filter((n) => bytes.includes(n.toLowerCase()));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-privacy-'));
  warehouse = path.join(dir, 'data/warehouse.duckdb');
  const file = (name: string) => `data/sample/${name}`;
  await writeConfig(dir, {
    warehouse: 'data/warehouse.duckdb',
    outputs: { exports: 'data/exports', reports: 'reports/out' },
    sources: {
      orders: { connector: 'file', channel: 'orders', path: file('orders.csv') },
      email: { connector: 'file', channel: 'email', path: file('email_events.csv') },
      social: { connector: 'file', channel: 'social', path: file('social_interactions.ndjson') },
      support: { connector: 'file', channel: 'support', path: file('support_messages.csv') },
      feedback: { connector: 'file', channel: 'feedback', path: file('survey_responses.csv') },
      contacts: { connector: 'file', channel: 'contacts', path: file('contacts.csv') },
    },
    identity: { defaultCountry: 'DE', fallbackCountries: ['US'] },
    segments: { Buyers: { description: 'everyone with an order', where: { column: 'orders', op: 'gt', value: 0 } } },
    pipelines: { daily: { schedule: '0 6 * * *', exports: [{ segment: 'Buyers', format: 'csv' }, { segment: 'Champions', format: 'csv' }] } },
  });
  const sample = await runCli(['sample', '--customers', '150', '--seed', '11', '--out', path.join(dir, 'data/sample')], dir, {});
  expect(sample.code, sample.err).toBe(0);
  for (const [name, lines] of Object.entries(rows)) await appendFile(path.join(dir, 'data/sample', name), lines.join('\n') + '\n');
  const first = await cli('run', 'daily');
  expect(first.code, first.out + first.err).toBe(0);
}, 600_000);

afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('rapport privacy export', () => {
  it('writes everything held about the person, found by any of their identifiers', async () => {
    const out = path.join(dir, 'zelda.json');
    const r = await cli('privacy', 'export', '0151 99887766', '--out', 'zelda.json'); // as docs/privacy.md shows it
    expect(r.err).toBe('');
    expect(r.out).toBe(`wrote ${out}: 3 identities, 11 interactions, 1 segment snapshots, 1 predictions, 2 quarantined records`);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc.identities.map((i: { identity: string }) => i.identity).sort()).toEqual([`email:${email}`, `handle:instagram:${handle}`, 'phone:+4915199887766']);
    expect(Object.fromEntries(Object.entries(doc.interactions).map(([k, v]) => [k, (v as unknown[]).length])))
      .toEqual({ orders: 2, email: 3, social: 2, support: 2, feedback: 1, contacts: 1 });
    expect(doc.profile).toHaveLength(1);
    expect(doc.profile[0].customer_id).toBe(doc.customerIds[0]);
    expect(doc.links.length).toBeGreaterThan(0); // the records that linked email, phone and handle
    expect(doc.quarantine.map((q: { source: string }) => q.source).sort()).toEqual(['orders', 'social']);
    expect(doc.interactions.support.map((m: { message_id: string }) => m.message_id)).toEqual(['msg_zq0001', 'msg_zq0002']);
  }, 120_000);
});

describe('identityOf', () => {
  it('normalises every raw identifier of the run exactly as the identities transform did', async () => {
    const values = await query<{ kind: IdentifierKind; raw: string; identity: string }>(warehouse, 'SELECT kind, raw, identity FROM identity_values');
    expect(values.length).toBeGreaterThan(300);
    const config = IdentityConfig.parse({ defaultCountry: 'DE', fallbackCountries: ['US'] });
    expect(values.filter((v) => identityOf(v.kind, v.raw, config) !== v.identity)).toEqual([]);
  });
});

describe('rapport privacy forget', () => {
  it('deletes the person from every table and the file, keeps everyone else, and a re-run does not restore them', async () => {
    // The person is one customer, in every channel, in quarantine, and the scans can see them before.
    const ids = (await query<{ customer_id: string }>(warehouse,
      `SELECT DISTINCT customer_id FROM identities WHERE identity IN ('email:${email}', 'phone:+4915199887766', 'handle:instagram:${handle}')`)).map((r) => r.customer_id);
    expect(ids).toHaveLength(1);
    const personStrings = [...forbidden, ...ids, ...recordIds];
    const quarantined = await query<{ source: string }>(warehouse, `SELECT source FROM quarantine WHERE contains(lower(raw), '${phoneDigits}') OR contains(lower(raw), '${email}') ORDER BY 1`);
    expect(quarantined.map((q) => q.source)).toEqual(['orders', 'social']);
    expect((await textHits(warehouse, forbidden)).length).toBeGreaterThan(20);
    expect(await fileHits(warehouse, forbidden)).toEqual(forbidden);
    const exportsWithPerson = (await query<{ destination: string }>(warehouse, `SELECT e.destination FROM segment_exports e
      JOIN segment_export_members m USING (export_id) WHERE m.customer_id = '${ids[0]}'`)).map((r) => r.destination);
    expect(exportsWithPerson.some((d) => d.endsWith('buyers.csv'))).toBe(true);
    // Every table the run wrote is covered by the forget or declared free of identifiers (personal-tables.ts).
    const wh = await openWarehouse(warehouse);
    try {
      expect(unclassifiedTables(await warehouseTables(wh), channels)).toEqual([]);
    } finally {
      wh.close();
    }
    const before = path.join(dir, 'before.duckdb');
    await copyFile(warehouse, before);

    const forgot = await cli('privacy', 'forget', 'Zelda.Quast@privacy-test.example', '--reason', `erasure request from ${email}`); // as docs/privacy.md shows it
    expect(forgot.err).toBe('');
    expect(forgot.code).toBe(0);
    // email, phone, handle; 2 orders + 3 email events + 2 social + 1 conversation + 1 survey + 1 contact
    expect(forgot.out).toMatch(/^forgot 1 person: 1 customer id\(s\), 3 identities, 10 records$/m);
    for (const table of ['order_lines', 'email_events', 'social_interactions', 'support_messages', 'survey_responses', 'contacts',
      'quarantine', 'identities', 'identity_values', 'customer_360', 'rfm_segments', 'segment_export_members']) {
      expect(forgot.out).toMatch(new RegExp(`^  ${table} +\\d+ rows deleted$`, 'm'));
    }
    expect(forgot.out).toMatch(/^  order_lines +2 rows deleted$/m); // the third line is in quarantine
    expect(forgot.out).toMatch(/^  support_messages +2 rows deleted$/m);
    expect(forgot.out).toMatch(/^  quarantine +2 rows deleted$/m);
    for (const d of exportsWithPerson) expect(forgot.out).toContain(d);

    // No text of any table, and no byte of the file, holds the person.
    expect(await textHits(warehouse, forbidden)).toEqual([]);
    expect(await textHits(warehouse, ids)).toEqual([]);
    expect(await fileHits(warehouse, forbidden)).toEqual([]);
    // The audit row says who and what, with the identifier only as a hash.
    const [audit] = await query<{ actor: string; subject: string; reason: string; status: string; counts: string }>(warehouse, "SELECT * FROM privacy_audit WHERE action = 'forget'");
    expect(await query(warehouse, "SELECT action FROM privacy_audit ORDER BY acted_at")).toEqual([{ action: 'export' }, { action: 'forget' }]);
    expect(audit).toMatchObject({ status: 'done', reason: 'erasure request from [forgotten]' });
    expect(audit!.subject).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(audit!.counts)['order_lines deleted']).toBe(2);

    // Everyone else is untouched: every row that went names the person, and no row came or changed.
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`ATTACH '${before}' AS b (READ_ONLY); ATTACH '${warehouse}' AS a (READ_ONLY)`);
    const tables = (await c.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_catalog = 'b' AND table_type = 'BASE TABLE'
      AND table_name NOT LIKE 'privacy_%' AND table_name <> 'identity_build_state' ORDER BY 1`)).getRowObjectsJS().map((r) => String(r.table_name));
    const problems: string[] = [];
    for (const t of tables) {
      const added = (await c.runAndReadAll(`SELECT count(*) AS n FROM (FROM a."${t}" EXCEPT ALL FROM b."${t}")`)).getRowObjectsJS()[0]!.n;
      if (Number(added) > 0) problems.push(`${t}: ${added} rows new or changed`);
      const gone = (await c.runAndReadAll(`SELECT lower(CAST(x AS VARCHAR)) AS row FROM (FROM b."${t}" EXCEPT ALL FROM a."${t}") x`)).getRowObjectsJS();
      for (const g of gone) if (!personStrings.some((s) => String(g.row).includes(s.toLowerCase()))) problems.push(`${t}: removed a row not the person's: ${g.row}`);
    }
    c.closeSync();
    db.closeSync();
    expect(problems).toEqual([]);

    // Re-reading every source file from the start does not bring the person back; the run says how many rows it dropped.
    const rerun = await cli('run', 'daily', '--full-refresh');
    expect(rerun.code, rerun.out + rerun.err).toBe(0);
    expect(rerun.out).toContain(`rows of forgotten people dropped ${personRows} `);
    expect(await textHits(warehouse, forbidden)).toEqual([]);
    expect(await textHits(warehouse, recordIds.map((r) => r.toLowerCase()))).toEqual([]);
  }, 600_000);
});
