// Finds a file source's files and tells their format and fingerprint; reading them is the loader's (load/stage-file.ts).
import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileFormat, FileStamp } from '../source.js';

/** The format of a file from its name (`.csv.gz` is CSV); throws naming the file when it cannot tell. */
export function formatOf(file: string): FileFormat {
  const name = file.toLowerCase().replace(/\.(gz|zst)$/, '');
  if (name.endsWith('.csv') || name.endsWith('.tsv') || name.endsWith('.txt')) return 'csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.parquet')) return 'parquet';
  throw new Error(`${file}: cannot tell the format from the file name; set "format" (csv, ndjson, json, parquet) on the source`);
}

/** A file's size and modification time, to tell an untouched file without reading it. */
export async function fileStamp(file: string): Promise<FileStamp> {
  const s = await stat(file);
  return { size: s.size, modifiedMs: s.mtimeMs };
}

/**
 * sha256 of a file's bytes, read in 4 MiB pieces into one buffer: a read stream's 64 KiB chunks, each a new buffer,
 * hashed the 1M sample's 2.4 GB email file at 0.4–1.2 GB/s, this at 1.5 GB/s, about as fast as sha256 itself here.
 */
export async function fingerprintFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

const wildcard = /[*?[]/;

/**
 * The files matching an absolute glob pattern, sorted by path: `*` and `?` within one path segment, `[abc]` and
 * `[!abc]` character classes, `**` for any number of folders (the patterns DuckDB's `glob()` took before; Node 20
 * has no `fs.glob`). A pattern without wildcards matches that file when it exists.
 * @example await matchFiles('/data/exports/*.csv')
 */
export async function matchFiles(pattern: string): Promise<string[]> {
  const segments = pattern.split(path.sep);
  const first = segments.findIndex((s) => wildcard.test(s));
  if (first < 0) return (await isFile(pattern)) ? [pattern] : [];
  const base = segments.slice(0, first).join(path.sep) || path.sep;
  return (await expand(base, segments.slice(first))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function expand(dir: string, rest: readonly string[]): Promise<string[]> {
  const [head, ...tail] = rest;
  if (head === undefined) return [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const isDir = async (name: string, e: (typeof entries)[number]) => e.isDirectory() || (e.isSymbolicLink() && (await stat(path.join(dir, name)).then((s) => s.isDirectory(), () => false)));
  if (head === '**') { // here, or in any folder below
    const below = await Promise.all(entries.map(async (e) => ((await isDir(e.name, e)) ? expand(path.join(dir, e.name), rest) : [])));
    return [...(await expand(dir, tail)), ...below.flat()];
  }
  const re = segmentPattern(head);
  const out: string[] = [];
  for (const e of entries) {
    if (!re.test(e.name)) continue;
    const full = path.join(dir, e.name);
    if (tail.length === 0) {
      if (await isFile(full)) out.push(full);
    } else if (await isDir(e.name, e)) out.push(...(await expand(full, tail)));
  }
  return out;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}

/** One path segment of a glob as an anchored regular expression. */
function segmentPattern(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    const close = c === '[' ? segment.indexOf(']', i + 2) : -1;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (close > 0) {
      const body = segment.slice(i + 1, close);
      re += `[${body.startsWith('!') ? '^' + body.slice(1).replace(/[\\\]]/g, '\\$&') : body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}
