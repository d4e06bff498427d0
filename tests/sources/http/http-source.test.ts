import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/load-config.js';
import { extractAndLoad } from '../../../load/load.js';
import { runPipeline } from '../../../runner/run-pipeline.js';
import { emailChannel } from '../../../sources/contracts/index.js';
import { httpSource } from '../../../sources/http/index.js';
import { HttpSourceConfig } from '../../../sources/http/schema.js';
import { startFakeApi, TOKEN, type FakeApi } from '../../helpers/fake-api.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
let api: FakeApi;
let logs: string[];
beforeEach(async () => { t = await tempWarehouse(); api = await startFakeApi(10); logs = []; });
afterEach(async () => { await api.close(); await t.dispose(); });

const env = { ESP_TOKEN: TOKEN };
const mapping = { event_id: 'id', event_type: 'type', email: '$.recipient.email', occurred_at: 'at' };
const fast = { timeoutMs: 400, retries: 3, backoffMs: 20, maxBackoffMs: 100, maxRetryAfterS: 5 };

function source(config: object, name = 'esp') {
  return httpSource(name, emailChannel, HttpSourceConfig.parse({ connector: 'http', channel: 'email', mapping, request: fast, ...config }), env);
}
const load = (src: ReturnType<typeof source>, run = 'run-1') => extractAndLoad(t.warehouse, src, run, (m) => logs.push(m));
const ids = async () => (await t.warehouse.all<{ event_id: string }>('SELECT event_id FROM email_events ORDER BY 1')).map((r) => r.event_id);
const allIds = (n: number) => Array.from({ length: n }, (_, i) => `ev${String(i + 1).padStart(3, '0')}`);

describe('http source', () => {
  it('pages by number with a bearer token through a 503, a 429 with Retry-After and a hanging request', async () => {
    api.faults.set('/v1/events#2', ['503']);
    api.faults.set('/v1/events#3', ['429', 'hang']);
    const src = source({
      url: `${api.url}/v1/events`, auth: { type: 'bearer', tokenEnv: 'ESP_TOKEN' },
      pagination: { type: 'page', param: 'page', sizeParam: 'per_page', size: 4 },
    });
    expect(await load(src)).toEqual({ read: 10, loaded: 10, quarantined: 0, duplicate: 0 });
    expect(await ids()).toEqual(allIds(10));
    const page3 = api.requests.filter((r) => r.path === '/v1/events' && r.query.page === '3');
    expect(page3).toHaveLength(3); // 429, then a hang cut off by the time-out, then the answer
    expect(page3[1]!.at - page3[0]!.at).toBeGreaterThanOrEqual(990); // Retry-After: 1 was honoured
    expect(api.requests.filter((r) => r.query.page === '2')).toHaveLength(2);
    expect(logs.join('\n')).toMatch(/HTTP 503.*retry 1 of 3/);
    expect(logs.join('\n')).toMatch(/no complete response within 400 ms/);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('follows a cursor in the page body, with an API key header', async () => {
    const src = source({
      url: `${api.url}/v1/cursor`, records: '$.items', auth: { type: 'api-key', keyEnv: 'ESP_TOKEN', header: 'X-API-Key' },
      pagination: { type: 'cursor', param: 'cursor', next: '$.meta.next' },
    });
    expect(await load(src)).toMatchObject({ read: 10, loaded: 10 });
    expect(api.requests.map((r) => r.query.cursor ?? '-')).toEqual(['-', '4', '8']);
  });

  it('follows Link headers with the API key in the query, and records no secret anywhere', async () => {
    api.events.push({ id: 'bad1', type: 'teleport', recipient: { email: 'x@example.com' }, at: '2026-03-02T00:00:00Z' });
    const src = source({
      url: `${api.url}/v1/link`, auth: { type: 'api-key', keyEnv: 'ESP_TOKEN', queryParam: 'api_key' },
      pagination: { type: 'link-header' },
    });
    expect(await load(src)).toEqual({ read: 11, loaded: 10, quarantined: 1, duplicate: 0 });
    expect(api.requests.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    const stored = JSON.stringify([
      ...(await t.warehouse.all('SELECT * FROM quarantine')),
      ...(await t.warehouse.all('SELECT DISTINCT _location FROM email_events')),
      ...(await t.warehouse.all('SELECT * FROM source_state')),
    ]);
    expect(stored).toContain(`${api.url}/v1/link`);
    expect(stored).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('asks only for the cursor minus the lookback window, picking up late events and merging re-reads', async () => {
    const src = source({
      url: `${api.url}/v1/events`, auth: { type: 'bearer', tokenEnv: 'ESP_TOKEN' },
      pagination: { type: 'page', sizeParam: 'per_page', size: 4 },
      incremental: { param: 'since', lookback: '3 hours' },
    });
    await load(src);
    const [state] = await t.warehouse.all<{ cursor: string }>('SELECT cursor FROM source_state');
    expect(state?.cursor).toBe('2026-03-01T09:00:00.000000Z');
    api.events.push(
      { id: 'late', type: 'open', recipient: { email: 'l@example.com' }, at: '2026-03-01T07:30:00.000Z' }, // late but inside the window
      { id: 'new', type: 'open', recipient: { email: 'n@example.com' }, at: '2026-03-01T12:00:00.000Z' },
    );
    api.requests.length = 0;
    const again = await load(src, 'run-2');
    expect(api.requests[0]!.query.since).toBe('2026-03-01T06:00:00.000000Z');
    // ev007..ev010 (06:00 to 09:00) are re-read and merged; late and new are added.
    expect(again).toEqual({ read: 6, loaded: 2, quarantined: 0, duplicate: 4 });
    const [after] = await t.warehouse.all<{ cursor: string }>('SELECT cursor FROM source_state');
    expect(after?.cursor).toBe('2026-03-01T12:00:00.000000Z');
  });

  it('moves the cursor only with the last batch, since pages need not be in time order', async () => {
    const src = source({
      url: `${api.url}/v1/events`, auth: { type: 'bearer', tokenEnv: 'ESP_TOKEN' }, batchRows: 4,
      pagination: { type: 'page', sizeParam: 'per_page', size: 4 }, incremental: { param: 'since' },
    });
    await load(src);
    // The cursor each committed batch recorded, as the loader logged it.
    const seen = logs.filter((l) => l.includes(': committed ')).map((l) => /, cursor (\S+)$/.exec(l)?.[1]);
    expect(seen).toEqual([undefined, undefined, '2026-03-01T09:00:00.000000Z']);
  });

  it('loads nothing and keeps the cursor when the API has no new records, instead of failing on an empty file', async () => {
    const src = source({
      url: `${api.url}/v1/events`, auth: { type: 'bearer', tokenEnv: 'ESP_TOKEN' },
      pagination: { type: 'page', sizeParam: 'per_page', size: 4 }, incremental: { param: 'since' },
    });
    await load(src);
    const cursor = async () => (await t.warehouse.all<{ cursor: string | null }>('SELECT cursor FROM source_state'))[0]?.cursor;
    const before = await cursor();
    api.events.length = 0; // the next poll finds nothing new
    expect(await load(src, 'run-2')).toEqual({ read: 0, loaded: 0, quarantined: 0, duplicate: 0 });
    expect(await ids()).toEqual(allIds(10));
    expect(await cursor()).toBe(before);
  });

  it('parses CSV pages with papaparse and quarantines a row with the wrong number of fields', async () => {
    const src = source({
      url: `${api.url}/v1/events.csv`, format: 'csv', mapping: {}, auth: { type: 'bearer', tokenEnv: 'ESP_TOKEN' },
      pagination: { type: 'page', sizeParam: 'per_page', size: 4 },
    });
    expect(await load(src)).toEqual({ read: 11, loaded: 10, quarantined: 1, duplicate: 0 });
    const [q] = await t.warehouse.all<{ record_no: number; reason: string; raw: string }>('SELECT record_no, reason, raw FROM quarantine');
    expect(q).toMatchObject({ record_no: 5, reason: expect.stringMatching(/TooFewFields/) });
    expect(q!.raw).toContain('broken-row-with-two');
  });

  it('fails at once on 401, naming the env var but never its value', async () => {
    const src = httpSource('esp', emailChannel, HttpSourceConfig.parse({
      connector: 'http', channel: 'email', url: `${api.url}/v1/events`, mapping, request: fast,
      auth: { type: 'bearer', tokenEnv: 'ESP_TOKEN' },
    }), { ESP_TOKEN: 'wrong' });
    await expect(load(src)).rejects.toThrow(/GET http:\/\/127\.0\.0\.1:\d+\/v1\/events: HTTP 401.*check the credentials/);
    expect(api.requests).toHaveLength(1);
    const unset = httpSource('esp', emailChannel, HttpSourceConfig.parse({
      connector: 'http', channel: 'email', url: `${api.url}/v1/events`, auth: { type: 'bearer', tokenEnv: 'ESP_TOKEN' },
    }), {});
    await expect(load(unset)).rejects.toThrow('environment variable ESP_TOKEN (auth.tokenEnv) is not set');
  });

  it('gives up after the configured retries with the URL and the last failure, loading nothing of that page', async () => {
    api.faults.set('/v1/events#1', ['503', '503', '503', '503']);
    const src = source({ url: `${api.url}/v1/events`, auth: { type: 'bearer', tokenEnv: 'ESP_TOKEN' }, pagination: { type: 'page', size: 4 } });
    await expect(load(src)).rejects.toThrow(/v1\/events\?page=1: gave up after 4 attempts, last: HTTP 503/);
    expect(await ids()).toEqual([]);
  });

  it('reports a connection cut mid-response, once its own retries are spent, as transient: the runner retries the step', async () => {
    api.faults.set('/v1/events#2', ['drop', 'drop', 'drop', 'drop']); // every try of this request (retries: 3)
    const src = source({ url: `${api.url}/v1/events`, auth: { type: 'bearer', tokenEnv: 'ESP_TOKEN' }, pagination: { type: 'page', size: 4 } });
    const loaded = parseConfig({ warehouse: 'w.duckdb', sources: {}, pipelines: {} }, `${t.dir}/rapport.config.ts`, {});
    const outcome = await runPipeline({ name: 'api', schedule: '0 6 * * *', timezone: 'UTC', steps: [{
      name: 'extract:esp', dependsOn: [], retry: { backoffMs: 10 },
      async run({ warehouse, runId }) { return { rowsIn: (await extractAndLoad(warehouse, src, runId)).read }; },
    }] }, { warehouse: t.warehouse, loaded });
    expect(outcome.status).toBe('success');
    const attempts = await t.warehouse.all<{ attempt: number; status: string; transient: boolean | null; error: string | null }>(
      'SELECT attempt, status, transient, error FROM pipeline_step_attempts WHERE run_id = $1 ORDER BY attempt', [outcome.runId]);
    expect(attempts.map((a) => [a.attempt, a.status, a.transient])).toEqual([[1, 'failed', true], [2, 'success', null]]);
    expect(attempts[0]!.error).toMatch(/v1\/events\?page=2: gave up after 4 attempts, last: network error: terminated/);
    expect(await ids()).toEqual(allIds(10));
  });
});
