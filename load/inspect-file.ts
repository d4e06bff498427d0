// Checks a file before and after DuckDB reads it, so empty, binary, mis-encoded or truncated files fail by name.
import { open, stat } from 'node:fs/promises';

const nothingLoaded = 'nothing was loaded from it';

/** What the pre-read check learned about a file. */
export interface FileFacts {
  /** False when the last byte is not a line break (only known for uncompressed files). */
  readonly endsWithLineBreak: boolean;
}

/**
 * Rejects a 0-byte file and a text file holding binary data (a NUL byte in its first 8 KiB).
 * @throws Error naming the file and what is wrong with it.
 */
export async function inspectFile(file: string, format: string, encoding: string): Promise<FileFacts> {
  const { size } = await stat(file);
  if (size === 0) throw new Error(`${file}: the file is empty (0 bytes); ${nothingLoaded}`);
  if (/\.(gz|zst)$/i.test(file) || format === 'parquet') return { endsWithLineBreak: true }; // DuckDB checks those itself
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 8192));
    await handle.read(head, 0, head.length, 0);
    const nul = head.indexOf(0);
    if (nul >= 0 && encoding !== 'utf-16') {
      throw new Error(`${file}: looks like binary data, not ${format} text (a NUL byte at offset ${nul}); ${nothingLoaded}`);
    }
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return { endsWithLineBreak: last[0] === 0x0a || last[0] === 0x0d };
  } finally {
    await handle.close();
  }
}

/**
 * Turns a DuckDB reader error into one sentence naming the file and the likely cause.
 * @example explainReadError('/d/a.csv', 'csv', 'Invalid Input Error: Error when sniffing file ...')
 */
export function explainReadError(file: string, format: string, message: string): string {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  if (/invalid unicode/i.test(message)) {
    return `${file}: is not valid UTF-8${line ? ` (line ${line})` : ''}; if it is Latin-1 or UTF-16 set "encoding" on the source to 'latin-1' or 'utf-16'; ${nothingLoaded}`;
  }
  if (/Error when sniffing file/.test(message)) {
    return `${file}: cannot read as ${format}: no consistent CSV layout found (an unclosed quote, a truncated file, a wrong delimiter, or not a CSV file); ${nothingLoaded}`;
  }
  return `${file}: cannot read as ${format}: ${(message.split('\n')[0] ?? message).replace(/^DuckDB query failed: /, '')}; ${nothingLoaded}`;
}

/** The error for a file whose last record is broken and which does not end with a line break: a cut-off transfer. */
export function truncatedError(file: string, recordNo: number): Error {
  return new Error(
    `${file}: looks truncated: the last record (${recordNo}) is incomplete and the file does not end with a line break; ${nothingLoaded} (fetch the file again)`,
  );
}
