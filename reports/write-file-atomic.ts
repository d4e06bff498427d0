// Writes a report file under a temporary name and renames it when complete, so readers never see half a file.
import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes `body` to `file` through `<file>.tmp-<pid>` and a rename. When the write fails, what was written is
 * kept as `<file>.err` for inspection and the error is rethrown naming the file; an existing `file` is untouched.
 * @example await writeFileAtomic('reports/out/kpi/index.html', html);
 */
export async function writeFileAtomic(file: string, body: string | Uint8Array): Promise<string> {
  const temp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(temp, body);
    await rename(temp, file);
    return file;
  } catch (cause) {
    await rename(temp, `${file}.err`).catch(() => {}); // nothing to keep when the temp file was never created
    throw new Error(`could not write ${file}: ${(cause as Error).message} (partial output, if any, kept as ${file}.err)`, { cause });
  }
}
