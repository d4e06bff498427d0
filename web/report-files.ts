// The KPI reports kept under the reports folder, and safe reads of their files (never a path from the request).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileInside } from '../sinks/output-path.js';

/** A folder holding a written report (`index.html` and its chart files). */
export interface ReportFolder {
  readonly name: string;
  readonly asOf: string | null;
  readonly writtenAt: string;
}

const folderName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$/;
const reportFile = /^[A-Za-z0-9][A-Za-z0-9_-]{0,80}\.(html|svg|png|json|pdf)$/;
const types: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8', svg: 'image/svg+xml', png: 'image/png', json: 'application/json', pdf: 'application/pdf',
};

/** Report folders under `root` (those with an index.html), newest first. */
export async function listReports(root: string): Promise<ReportFolder[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const out: (ReportFolder & { mtime: number })[] = [];
  for (const name of names.filter((n) => folderName.test(n))) {
    const index = path.join(root, name, 'index.html');
    const info = await stat(index).catch(() => null);
    if (!info?.isFile()) continue;
    const head = (await readFile(index, 'utf8')).slice(0, 20_000);
    const asOf = /as of (\d{4}-\d{2}-\d{2})/i.exec(head)?.[1] ?? null;
    out.push({ name, asOf, writtenAt: info.mtime.toISOString().slice(0, 16).replace('T', ' '), mtime: info.mtimeMs });
  }
  return out.sort((a, b) => b.mtime - a.mtime).map(({ mtime: _m, ...r }) => r);
}

/**
 * Reads one file of a listed report. Both names must match strict patterns, the folder must be a listed report
 * and the joined path must stay inside it, so no request can read anything else.
 */
export async function readReportFile(root: string, folder: string, file: string): Promise<{ body: Buffer; type: string } | null> {
  if (!folderName.test(folder) || !reportFile.test(file)) return null;
  if (!(await listReports(root)).some((r) => r.name === folder)) return null;
  try {
    const full = fileInside(path.join(path.resolve(root), folder), file);
    return { body: await readFile(full), type: types[path.extname(file).slice(1)]! };
  } catch {
    return null;
  }
}
