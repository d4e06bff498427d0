// Recognises DuckDB's "another process holds this file" error and waits it out, so commands say "busy", not "IO Error".
import { setTimeout as sleep } from 'node:timers/promises';
import { HeldInThisProcessError } from './held-here.js';

/** How long commands wait for a busy warehouse by default; `RAPPORT_WAREHOUSE_WAIT` (seconds) overrides it. */
export const DEFAULT_WAIT_MS = 60_000;
const POLL_MS = 200;

/**
 * The warehouse file is held by another process (DuckDB allows one writing process, or several read-only
 * ones, never both). Nothing was changed; the command can simply be run again once the holder is done.
 */
export class WarehouseBusyError extends Error {
  override readonly name = 'WarehouseBusyError';
  constructor(
    readonly file: string,
    /** The process holding the file, when DuckDB names it. */
    readonly holderPid: number | undefined,
    readonly waitedMs: number,
    cause?: unknown,
  ) {
    super(
      `warehouse ${file} is in use by ${holderPid ? `process ${holderPid}` : 'another process'}` +
        ` (waited ${Math.round(waitedMs / 1000)} s). DuckDB allows one writer at a time: the scheduler holds the` +
        ` file only while a run is going, so try again shortly, or wait longer with RAPPORT_WAREHOUSE_WAIT=<seconds>.`,
      { cause },
    );
  }
}

/** True for DuckDB's file-lock conflict (another process holds the database file), or the file being open in this process. */
export function isLockConflict(error: unknown): boolean {
  if (error instanceof HeldInThisProcessError) return true;
  return /Could not set lock on file|Conflicting lock is (set|held)/i.test(String((error as Error)?.message ?? error));
}

/** The holder's pid from DuckDB's lock-conflict message ("... (PID 1234)"), if present. */
export function holderPidOf(error: unknown): number | undefined {
  const m = /\(PID (\d+)\)/.exec(String((error as Error)?.message ?? error));
  return m ? Number(m[1]) : undefined;
}

/** The wait to use: an explicit value, else `RAPPORT_WAREHOUSE_WAIT` in seconds, else {@link DEFAULT_WAIT_MS}. */
export function waitMsFrom(explicit: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (explicit !== undefined) return explicit;
  const seconds = Number(env.RAPPORT_WAREHOUSE_WAIT);
  return env.RAPPORT_WAREHOUSE_WAIT !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_WAIT_MS;
}

/**
 * Calls `open` until it succeeds, retrying only lock conflicts, for at most `waitMs`. `onWait` is told once,
 * when the first conflict is seen, so the user knows why the command pauses.
 * @throws WarehouseBusyError when the file is still held after `waitMs`; any other error at once.
 */
export async function openWhenFree<T>(
  file: string,
  open: () => Promise<T>,
  opts: { waitMs: number; onWait?: (message: string) => void; signal?: AbortSignal },
): Promise<T> {
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      return await open();
    } catch (error) {
      if (!isLockConflict(error)) throw error;
      const waited = Date.now() - started;
      if (waited >= opts.waitMs || opts.signal?.aborted) throw new WarehouseBusyError(file, holderPidOf(error), waited, error);
      if (!told) {
        told = true;
        const pid = holderPidOf(error);
        opts.onWait?.(`warehouse ${file} is in use by ${pid ? `process ${pid}` : 'another process'}; waiting up to ${Math.round(opts.waitMs / 1000)} s`);
      }
      await sleep(Math.min(POLL_MS, opts.waitMs - waited));
    }
  }
}
