// runSqlModel: variables are set before the model's SQL; a number that is not finite is refused by name.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSqlModel } from '../../transforms/sql-model.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
let dir: string;
let model: URL;
beforeEach(async () => {
  t = await tempWarehouse();
  dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-model-'));
  await writeFile(path.join(dir, 'scaled.sql'), `CREATE OR REPLACE TABLE scaled AS SELECT 2 * getvariable('factor') AS v;\n`);
  model = pathToFileURL(path.join(dir, 'scaled.sql'));
});
afterEach(async () => {
  await t.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('runSqlModel', () => {
  it('sets numeric variables before running the model', async () => {
    await runSqlModel(t.warehouse, model, { factor: 1.5 });
    expect(await t.warehouse.all('SELECT v FROM scaled')).toEqual([{ v: 3 }]);
  });

  it.each([NaN, Infinity, -Infinity])('refuses a %s variable by name instead of pasting it into SQL', async (factor) => {
    await expect(runSqlModel(t.warehouse, model, { factor })).rejects.toThrow(`transform scaled.sql: variable factor is ${factor}, expected a finite number`);
    expect(await t.warehouse.all(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'scaled'`)).toEqual([{ n: 0 }]);
  });
});
