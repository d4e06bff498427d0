// Writes an output file under a temporary name and renames it into place, so readers never see half a file.
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';

/**
 * Calls `write(tmpPath)` then renames the result to `file`. When `write` throws, whatever it wrote is kept
 * as `<file>.err` for inspection and the error is rethrown with the file named.
 */
export async function writeAtomically(file: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await write(tmp);
    await rename(tmp, file); // inside the try: a rename that fails (target is a folder, disk gone) must not strand the temp file
  } catch (cause) {
    await rename(tmp, `${file}.err`).catch(() => {});
    throw new Error(`writing ${file} failed (partial output kept as ${file}.err if any): ${(cause as Error).message}`, { cause });
  }
}
