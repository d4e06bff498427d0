// The one way outputs reach disk: written under a temporary name, flushed (fsync), then renamed into place, so a
// reader never sees half a file and a crash never leaves one; a failed write is kept as `<file>.err`, not deleted.
import { mkdir, open, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Flushes a file (or folder) to disk; a folder some platforms refuse to open for syncing is skipped. */
async function fsync(target: string, folder = false): Promise<void> {
  let handle;
  try {
    handle = await open(target, folder ? 'r' : 'r+');
  } catch (error) {
    if (folder) return; // e.g. Windows cannot open a folder: the rename is still atomic, only its durability is weaker
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Calls `write(tmpPath)` (which creates the temporary file `<file>.tmp-<pid>`), flushes it, renames it to `file` and
 * flushes the folder. When any of that throws, whatever was written is kept as `<file>.err` for inspection, an
 * existing `file` is left untouched, and the error is rethrown naming the file.
 * @example await writeAtomically('data/exports/at-risk.csv', (tmp) => writeFile(tmp, text));
 */
export async function writeAtomically(file: string, write: (tmpPath: string) => Promise<unknown>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await write(tmp);
    await fsync(tmp);
    await rename(tmp, file); // inside the try: a rename that fails (target is a folder, disk gone) must not strand the temp file
  } catch (cause) {
    await rename(tmp, `${file}.err`).catch(() => {}); // nothing to keep when the temp file was never created
    throw new Error(`writing ${file} failed (partial output kept as ${file}.err if any): ${(cause as Error).message}`, { cause });
  }
  await fsync(path.dirname(file), true);
}

/** {@link writeAtomically} for a body already in memory; returns `file`. */
export async function writeFileAtomically(file: string, body: string | Uint8Array): Promise<string> {
  await writeAtomically(file, (tmp) => writeFile(tmp, body));
  return file;
}
