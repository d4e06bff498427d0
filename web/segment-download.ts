// Downloads of a segment export through the sink's exportSegment (suppression, hashing, deltas and the export record).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportFormats, type ExportFormat } from '../sinks/export-formats.js';
import { fileInside, segmentSlug } from '../sinks/output-path.js';
import { defaultExportColumns, exportSegment } from '../sinks/segment-export.js';
import type { CustomSegments } from '../sinks/segment-catalogue.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** What kind of audience a download is: everyone emailable, hashed identifiers, or the changes since the last one. */
export const downloadKinds = ['plain', 'hashed', 'delta'] as const;
export type DownloadKind = (typeof downloadKinds)[number];

export const contentTypes: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8', json: 'application/json', ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet', arrow: 'application/vnd.apache.arrow.file',
};

/** True for a format the sink writes (anything else is refused before the warehouse is touched). */
export const isExportFormat = (v: unknown): v is ExportFormat => (exportFormats as readonly unknown[]).includes(v);
export const isDownloadKind = (v: unknown): v is DownloadKind => (downloadKinds as readonly unknown[]).includes(v);

/** Columns a plain or changes download may be narrowed to (the export's default columns); hashed downloads keep theirs. */
export const choosableColumns: readonly string[] = defaultExportColumns;
/** True for a list of known column names (anything else is refused before the warehouse is touched). */
export const areChoosableColumns = (v: readonly unknown[]): v is string[] => v.every((c) => choosableColumns.includes(c as string));

/**
 * Exports `segment` into a private temp folder exactly as `rapport export segment` would (recorded in
 * segment_exports under the destination `web download: <file name>`, so the next delta download starts from the
 * last one), reads the file back and removes the folder. The file name is
 * the segment's slug, so no input reaches the file system as a path.
 * @throws Error from the sink (unknown segment, bad filter) naming the segment.
 */
export async function downloadSegment(
  wh: Warehouse, segment: string, custom: CustomSegments, kind: DownloadKind, format: ExportFormat, columns?: readonly string[],
): Promise<{ fileName: string; body: Buffer; rows: number; exportId: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-web-'));
  try {
    const fileName = `${segmentSlug(segment)}${kind === 'hashed' ? '-hashed' : kind === 'delta' ? '-changes' : ''}.${format}`;
    const out = fileInside(dir, fileName);
    const r = await exportSegment(wh, {
      segment, customSegments: custom, out, format,
      ...(kind === 'hashed' ? { hashed: { platform: 'google' as const } } : {}),
      sinceLast: kind === 'delta',
      ...(columns && columns.length > 0 && kind !== 'hashed' ? { columns } : {}),
      // The file is written to a fresh temp folder: the record names a stable destination, so the next "changes since
      // the last export" download of this segment starts from this one (a delta's baseline is per destination).
      destination: `web download: ${fileName}`,
      bom: kind === 'plain' && format === 'csv', // "Excel-ready CSV": Excel reads UTF-8 names right only after a byte order mark
    });
    return { fileName, body: await readFile(out), rows: r.rows, exportId: r.exportId };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
