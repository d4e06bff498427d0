// Which database files this process has open, so a second open here waits instead of sharing (and then losing) the OS lock.
import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Why this exists: DuckDB guards a file with a POSIX record lock, and those locks belong to the process, not to
 * the open. A second DuckDB open of the same file in the same process is therefore granted the lock the first
 * holds, and when either one closes its file descriptor the kernel drops the lock for both. The other open goes
 * on writing with no lock at all, other processes get in, and their view (or their writes) no longer match.
 * So within one process a file has at most one open at a time; a second open waits like a busy file.
 */
const held = new Set<string>();

/** This process already has the file open; thrown by {@link claimFile} and waited out like another process's lock. */
export class HeldInThisProcessError extends Error {
  override readonly name = 'HeldInThisProcessError';
  readonly holderPid = process.pid;
  constructor(readonly file: string) {
    super(`${file} is already open in this process (PID ${process.pid}); a second open would share, then lose, its OS lock`);
  }
}

/**
 * The key of `file` in the registry: its absolute path with the folder's symlinks resolved, so two spellings of
 * one file match. (The file itself may not exist yet; its folder does by the time it is opened.)
 */
function keyOf(file: string): string {
  const absolute = path.resolve(file);
  try {
    return path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
  } catch {
    return absolute;
  }
}

/**
 * Marks `file` as open in this process, synchronously (so two opens racing in one event loop cannot both pass).
 * @returns the function that lets it go again (idempotent); call it after DuckDB has closed the file.
 * @throws HeldInThisProcessError when the file is already open here.
 * @example const letGo = claimFile(file); try { ... } finally { instance.closeSync(); letGo(); }
 */
export function claimFile(file: string): () => void {
  const key = keyOf(file);
  if (held.has(key)) throw new HeldInThisProcessError(file);
  held.add(key);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(key);
  };
}
