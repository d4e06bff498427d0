// Turns generated records into file lines with the deliberate mess: malformed rows, duplicates and late exports.

import type { BlockFile } from './block-file.js';
import type { Prng } from '../../shared/prng.js';
import type { RowFormat } from './row-formats.js';
import type { MalformedKind, SampleFileSummary } from './sample-summary.js';

/** Per-row and per-record probabilities of each kind of mess. */
export interface MessRates {
  /** Per row: replaced by a malformed rendering (kinds rotate, so all appear once there are enough). */
  readonly malformed: number;
  /** Per well-formed row: written a second time, identically, a little later in the file. */
  readonly duplicate: number;
  /** Per record: exported 1-5 days late, i.e. after rows that happened up to that much later. */
  readonly late: number;
}

const DAY_SECONDS = 86_400;

/**
 * Writes the records of one source file plus their ground-truth rows, and counts what it wrote.
 *
 * @example const emitter = new RecordEmitter(file, truth, emailEventFormat, rng, rates, startMs); emitter.emit(id, personId, at, [row]);
 */
export class RecordEmitter<R> {
  private records = 0;
  private duplicates = 0;
  private malformedTotal = 0;
  private readonly malformed = new Map<MalformedKind, number>();

  constructor(
    private readonly file: BlockFile,
    private readonly groundTruth: BlockFile,
    private readonly format: RowFormat<R>,
    private readonly rng: Prng,
    private readonly rates: MessRates,
    private readonly startMs: number,
  ) {
    for (const kind of format.kinds) this.malformed.set(kind, 0);
  }

  /**
   * Writes the rows of one record (an order has several lines). The record gets a ground-truth row only if at least one
   * of its rows is well-formed, so ids that appear only in malformed rows are absent from ground_truth.csv.
   */
  emit(recordId: string, personId: string, at: number, rows: readonly R[]): void {
    let key = Math.floor((at - this.startMs) / 1000);
    if (this.rng.chance(this.rates.late)) key += this.lateBy();
    let wellFormed = false;
    for (const row of rows) wellFormed = this.write(row, key, this.rng.next()) || wellFormed;
    if (wellFormed) this.addTruth(recordId, personId);
  }

  /**
   * `emit` for a single-row record. One uniform draw decides late / malformed / duplicate, which makes the three
   * mutually exclusive for single rows and saves two PRNG calls on the hottest path.
   */
  emitOne(recordId: string, personId: string, at: number, row: R): void {
    const u = this.rng.next();
    const late = u < this.rates.late;
    const key = Math.floor((at - this.startMs) / 1000) + (late ? this.lateBy() : 0);
    if (this.write(row, key, late ? 1 : u - this.rates.late)) this.addTruth(recordId, personId);
  }

  private lateBy(): number {
    return Math.floor(this.rng.between(1, 5) * DAY_SECONDS);
  }

  /** Writes one row; `u` (uniform) below the malformed rate breaks it, in the next band duplicates it. True if well-formed. */
  private write(row: R, key: number, u: number): boolean {
    const { rng, rates, file, format } = this;
    if (u < rates.malformed) {
      const kind = format.kinds[this.malformedTotal++ % format.kinds.length] as MalformedKind;
      this.malformed.set(kind, (this.malformed.get(kind) ?? 0) + 1);
      file.add(format.malform(row, kind, rng), key);
      return false;
    }
    const line = format.render(row);
    file.add(line, key);
    if (u < rates.malformed + rates.duplicate) {
      file.add(line, key + rng.int(3 * DAY_SECONDS));
      this.duplicates++;
    }
    return true;
  }

  private addTruth(recordId: string, personId: string): void {
    this.groundTruth.add(`${this.format.source},${recordId},${personId}`, 0);
    this.records++;
  }

  /** Counts so far, for the summary. */
  summary(): SampleFileSummary {
    return Object.freeze({
      path: this.file.path,
      rows: this.file.rows,
      records: this.records,
      duplicates: this.duplicates,
      malformed: Object.freeze(Object.fromEntries(this.malformed)),
    });
  }
}
