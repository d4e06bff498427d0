// Times every SQL statement of buildIdentities and buildCustomer360 on a copy of a loaded warehouse, to show where they spend time.
// Usage: [SOURCES=orders] npx tsx bench/profile-identities.ts load <sampleDir> <warehouse.duckdb>   (loads the three sources, or those named, once)
//        [FULL=1] [EXPLAIN=<text>] npx tsx bench/profile-identities.ts run <warehouse.duckdb> [runs] [memoryLimit]   (copies it, runs both transforms,
//        prints the slowest statements; memoryLimit, e.g. 1GB, is DuckDB's memory_limit, to see what a cap costs)
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../config/load-config.js';
import { extractAndLoad } from '../load/load.js';
import { sourceFromConfig } from '../sources/index.js';
import { buildCustomer360 } from '../transforms/customer-360.js';
import { resolveAsOf } from '../transforms/as-of.js';
import { buildIdentities } from '../transforms/identities.js';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.js';

const [mode, a, b, memoryLimit] = process.argv.slice(2);
if ((mode !== 'load' && mode !== 'run') || !a || (mode === 'load' && !b)) {
  console.error('usage: profile-identities.ts load <sampleDir> <warehouse.duckdb> | run <warehouse.duckdb> [runs]');
  process.exit(2);
}

/** Splits a script into statements on `;` outside quotes and `--` comments (the transforms use nothing fancier). */
function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      cur += ' ';
      continue;
    }
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      cur += sql.slice(i, end + 1);
      i = end;
      continue;
    }
    if (c === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

if (mode === 'load') {
  const [sampleDir, file] = [a, path.resolve(b!)];
  await rm(file, { force: true });
  const loaded = parseConfig({
    warehouse: file, outputs: { exports: 'exports', reports: 'reports' },
    sources: {
      email: { connector: 'file', channel: 'email', path: path.resolve(sampleDir, 'email_events.csv') },
      social: { connector: 'file', channel: 'social', path: path.resolve(sampleDir, 'social_interactions.ndjson') },
      orders: { connector: 'file', channel: 'orders', path: path.resolve(sampleDir, 'orders.csv') },
    },
    pipelines: {},
  }, path.resolve(path.dirname(file), 'rapport.config.ts'), {});
  const wh = await openWarehouse(file);
  // SOURCES=orders (a comma list) loads only those: the RFM bench's identities run on the orders file alone.
  const only = process.env.SOURCES?.split(',');
  for (const [name, source] of Object.entries(loaded.config.sources)) {
    if (only && !only.includes(name)) continue;
    const t = performance.now();
    const counts = await extractAndLoad(wh, sourceFromConfig(name, source, loaded.baseDir), 'profile');
    console.log(`${name}: ${counts.loaded} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  wh.close();
} else {
  const base = path.resolve(a);
  const work = base.replace(/\.duckdb$/, '') + '-work.duckdb';
  const runs = Number(b ?? 1);
  // Wall time and CPU time (user + system, all threads): CPU time moves less when other jobs share the cores.
  const timings = new Map<string, { n: number; ms: number; cpu: number }>();
  const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  for (let r = 0; r < runs; r++) {
    await rm(work, { force: true });
    await copyFile(base, work);
    const wh = await openWarehouse(work);
    if (memoryLimit) await wh.run(`SET memory_limit = '${memoryLimit}'`);
    let inSql = 0;
    let transactions = 0;
    let inSqlCpu = 0;
    const record = (sql: string, ms: number, cpu: number) => {
      inSql += ms;
      inSqlCpu += cpu;
      const key = sql.replace(/\s+/g, ' ').slice(0, 90);
      const g = timings.get(key) ?? { n: 0, ms: 0, cpu: 0 };
      timings.set(key, { n: g.n + 1, ms: g.ms + ms, cpu: g.cpu + cpu });
    };
    // EXPLAIN=<text>: a statement containing the text runs under EXPLAIN ANALYZE (it still does its work) and its plan,
    // with each operator's time, is printed.
    const explainOrRun = async (sql: string): Promise<void> => {
      if (!process.env.EXPLAIN || !sql.includes(process.env.EXPLAIN)) return wh.run(sql);
      const rows = await wh.all<Record<string, string>>('EXPLAIN ANALYZE ' + sql);
      console.log(rows.map((row) => Object.values(row).join('\n')).join('\n'));
    };
    // Runs a multi-statement script one statement at a time, so each gets its own line.
    const each = async <T>(sql: string, params: Parameters<Warehouse['all']>[1], last: (s: string) => Promise<T>): Promise<T> => {
      const parts = params?.length ? [sql] : splitStatements(sql);
      for (let i = 0; i < parts.length - 1; i++) {
        const [t, c] = [performance.now(), cpuMs()];
        await explainOrRun(parts[i]!);
        record(parts[i]!, performance.now() - t, cpuMs() - c);
      }
      const [t, c] = [performance.now(), cpuMs()];
      try {
        return await last(parts.at(-1) ?? '');
      } finally {
        record(parts.at(-1) ?? '', performance.now() - t, cpuMs() - c);
      }
    };
    const profiled: Warehouse = {
      ...wh,
      run: (sql, params) => each(sql, params, (s) => (params?.length ? wh.run(s, params) : explainOrRun(s))),
      all: ((sql: string, params?: Parameters<Warehouse['all']>[1]) => each(sql, params, (s) => wh.all(s, params))) as Warehouse['all'],
      // BEGIN and COMMIT (where DuckDB writes what a transaction built) get a line of their own.
      transaction: async <T>(fn: () => Promise<T>): Promise<T> => {
        let [inner, innerCpu] = [0, 0];
        const [t, c] = [performance.now(), cpuMs()];
        const result = await wh.transaction(async () => {
          const [ti, ci] = [performance.now(), cpuMs()];
          try {
            return await fn();
          } finally {
            [inner, innerCpu] = [performance.now() - ti, cpuMs() - ci];
          }
        });
        record(`(BEGIN and COMMIT of transaction ${++transactions})`, performance.now() - t - inner, cpuMs() - c - innerCpu);
        return result;
      },
    };
    let t = performance.now();
    const idCpu = cpuMs();
    // FULL=1 rebuilds a warehouse whose identities are already built (a prepared one) from all history.
    const ids = await buildIdentities(profiled, { runId: `profile-${r}`, now: new Date('2026-11-01T06:00:00Z'), full: process.env.FULL === '1' });
    const idMs = performance.now() - t;
    // What buildIdentities spent outside SQL statements: the JS normalisation of emails and phones, appenders.
    record('(identities: outside SQL statements, i.e. JS normalisation and appenders)', idMs - inSql, cpuMs() - idCpu - inSqlCpu);
    const asOf = await resolveAsOf(wh);
    t = performance.now();
    const c360 = await buildCustomer360(profiled, { asOf });
    const c360Ms = performance.now() - t;
    wh.close();
    console.log(`run ${r + 1}: identities ${(idMs / 1000).toFixed(2)} s (${ids.identities} identities, ${ids.customers} customers, `
      + `${ids.iterations} iterations, ${ids.refusals} refusals), customer_360 ${(c360Ms / 1000).toFixed(2)} s (${c360.customers} rows)`);
  }
  await rm(work, { force: true });
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('   wall  cpu(all threads)  count  statement (mean per run)');
  for (const [sql, g] of [...timings].sort((x, y) => y[1].ms - x[1].ms).slice(0, 25)) {
    console.log(`${(g.ms / 1000 / runs).toFixed(2).padStart(7)} s ${(g.cpu / 1000 / runs).toFixed(2).padStart(7)} s  ${String(g.n / runs).padStart(4)}x  ${sql}`);
  }
}
