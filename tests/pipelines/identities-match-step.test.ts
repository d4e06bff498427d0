// The identities step matches contacts when the config has `match` (and reports an EM that did not converge), and leaves matching alone without it.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { extractAndLoad } from '../../load/load.js';
import { identitiesStep } from '../../pipelines/steps.js';
import { contactsChannel } from '../../sources/contracts/index.js';
import { fileSource } from '../../sources/file/index.js';
import { FileSourceConfig } from '../../sources/file/schema.js';
import { generateSample } from '../../sources/sample/index.js';
import { stepContext } from '../helpers/step-context.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => {
  t = await tempWarehouse();
  await generateSample({ customers: 200, seed: 11, outDir: path.join(t.dir, 'sample') });
  await extractAndLoad(t.warehouse, fileSource('contacts', contactsChannel, FileSourceConfig.parse({ connector: 'file', channel: 'contacts', path: 'sample/contacts.csv' }), t.dir), 'load');
});
afterEach(async () => { await t.dispose(); });

const tables = async () => (await t.warehouse.all<{ t: string }>("SELECT table_name AS t FROM duckdb_tables() WHERE table_name LIKE 'match%' AND schema_name = 'main' AND NOT temporary ORDER BY 1")).map((r) => r.t);

describe('the identities step', () => {
  it('matches contacts when the config has match, and warns when EM did not converge', async () => {
    const loaded = parseConfig({ sources: {}, match: { em: { maxIterations: 1 } } }, path.join(t.dir, 'rapport.config.ts'));
    const r = await identitiesStep([]).run(stepContext({ warehouse: t.warehouse, loaded, runId: 'run-1', params: {} }));
    expect(await tables()).toEqual(['match_candidates', 'match_decisions', 'match_estimate', 'match_links', 'match_parameters', 'match_rules']);
    expect(r.facts).toMatchObject({ matchConverged: 'no', matchPairsScored: expect.any(Number), matchLinks: expect.any(Number) });
    expect(r.warnings).toEqual([{ kind: 'match-not-converged', subject: 'match', message: expect.stringMatching(/^probabilistic matching: EM did not converge for blocking rule\(s\) postcode, date_of_birth, surname_sound within match\.em\.maxIterations/) }]);
  });

  it('matches nothing and makes no record identities without match', async () => {
    const loaded = parseConfig({ sources: {} }, path.join(t.dir, 'rapport.config.ts'));
    const r = await identitiesStep([]).run(stepContext({ warehouse: t.warehouse, loaded, runId: 'run-1', params: {} }));
    expect(await tables()).toEqual(['match_decisions']); // the migration's table, empty
    expect(r.facts).not.toHaveProperty('matchLinks');
    expect(r.warnings).toBeUndefined();
    expect(await t.warehouse.all("SELECT count(*)::INTEGER AS n FROM identities WHERE kind = 'record'")).toEqual([{ n: 0 }]);
  });
});
