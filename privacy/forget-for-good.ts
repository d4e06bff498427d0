// The whole erasure as one call for the CLI and the web app: run locks held, rows forgotten, file rewritten.
import { acquireRunLock, type RunLock } from '../warehouse/run-lock.js';
import { rewriteWarehouse } from '../warehouse/rewrite-file.js';
import { openWarehouse } from '../warehouse/warehouse.js';
import { forgetPerson, type ForgetOptions, type ForgetReport } from './forget.js';

/** A forget and the warehouse file's size before and after its rewrite (bytes). */
export interface ForgetOutcome {
  readonly report: ForgetReport;
  readonly sizes: { readonly before: number; readonly after: number };
}

/**
 * Holds every pipeline's run lock (`pipelines`: their names) so no run writes to the file meanwhile, forgets the
 * person (`forgetPerson`), then rewrites the warehouse into a fresh file (`rewriteWarehouse`), marking the audit
 * rows `done` in the copy: a crash before the swap leaves them `file-rewrite-pending`, and the next forget's rewrite
 * finishes the job.
 * @throws AmbiguousPersonError (nothing changed); Error naming the file when it cannot be opened or rewritten.
 */
export async function forgetForGood(file: string, query: string, pipelines: readonly string[], options: ForgetOptions & {
  readonly onWait?: (message: string) => void;
}): Promise<ForgetOutcome> {
  const locks: RunLock[] = [];
  try {
    for (const name of new Set(pipelines)) locks.push(await acquireRunLock(file, name));
    const wh = await openWarehouse(file, options.onWait ? { onWait: options.onWait } : {});
    let report: ForgetReport;
    try {
      report = await forgetPerson(wh, query, options);
    } finally {
      wh.close();
    }
    const sizes = await rewriteWarehouse(file, async (copy, catalog) => {
      await copy.run(`UPDATE ${catalog}.privacy_audit SET status = 'done' WHERE status = 'file-rewrite-pending'`);
    });
    return { report, sizes };
  } finally {
    for (const lock of locks) lock.release();
  }
}
