// The warehouse's DuckDB memory limit: the default, RAPPORT_MEMORY_LIMIT, and a clear error for a bad size.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/warehouse.js';

let dir: string;
const saved = process.env.RAPPORT_MEMORY_LIMIT;
beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-memory-')); });
afterEach(async () => {
  if (saved === undefined) delete process.env.RAPPORT_MEMORY_LIMIT;
  else process.env.RAPPORT_MEMORY_LIMIT = saved;
  await rm(dir, { recursive: true, force: true });
});

async function limitOf(options: { memoryLimit?: string } = {}): Promise<string> {
  const wh = await openWarehouse(path.join(dir, 'w.duckdb'), options);
  try {
    const [row] = await wh.all<{ limit: string }>(`SELECT current_setting('memory_limit') AS limit`);
    return row!.limit;
  } finally {
    wh.close();
  }
}

describe('warehouse memory limit', () => {
  it('defaults to 2GB, follows RAPPORT_MEMORY_LIMIT, and an explicit option wins', async () => {
    delete process.env.RAPPORT_MEMORY_LIMIT;
    expect(await limitOf()).toBe('1.8 GiB'); // DuckDB prints 2 GB (10^9 bytes) in GiB
    process.env.RAPPORT_MEMORY_LIMIT = '512MB';
    expect(await limitOf()).toBe('488.2 MiB');
    expect(await limitOf({ memoryLimit: '1GiB' })).toBe('1.0 GiB');
  });

  it('refuses a size it cannot read, naming the variable', async () => {
    process.env.RAPPORT_MEMORY_LIMIT = 'lots';
    await expect(limitOf()).rejects.toThrow(/memory limit "lots" \(RAPPORT_MEMORY_LIMIT\): expected a size such as 3GB/);
  });
});
