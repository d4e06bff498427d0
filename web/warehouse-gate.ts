// Opens the warehouse for one request (read-only by default, with a short wait) and turns "busy" into a 503 page.
import { openWarehouse, WarehouseBusyError, type Warehouse } from '../warehouse/warehouse.js';

/** Thrown (and rendered as a 503 "busy, try again in a moment" page) when a run holds the warehouse. */
export class WarehouseBusy extends Error {
  override readonly name = 'WarehouseBusy';
  constructor(readonly reason: string, options?: ErrorOptions) {
    super(reason, options);
  }
}

/** How the app reaches the warehouse; tests and `--with-scheduler` give their own. */
export interface WarehouseGate {
  /** Runs `fn` with the warehouse open (read-only unless `write`), closing it afterwards. */
  use<T>(fn: (wh: Warehouse) => Promise<T>, options?: { write?: boolean }): Promise<T>;
}

export interface GateOptions {
  readonly file: string;
  /** How long a request waits for a run to let go of the file before the busy page (default 2 s). */
  readonly waitMs?: number;
  /** Set while this process itself runs a pipeline (`--with-scheduler`): requests get the busy page at once. */
  readonly busyHere?: () => string | null;
}

/**
 * A gate that opens the file per request. DuckDB refuses a read-only open while another process writes, so a
 * request during a run waits `waitMs` and then fails with {@link WarehouseBusy} instead of a lock error.
 */
export function warehouseGate(options: GateOptions): WarehouseGate {
  // A process opens a warehouse file once at a time (warehouse/held-here.ts), so this process's own requests take
  // turns here, in arrival order, instead of each polling the file and timing out behind the others.
  let turn: Promise<unknown> = Promise.resolve();
  return {
    use(fn, useOptions) {
      const mine = turn.then(() => useOnce(options, fn, useOptions));
      turn = mine.catch(() => {});
      return mine;
    },
  };
}

async function useOnce<T>(options: GateOptions, fn: (wh: Warehouse) => Promise<T>, { write = false } = {}): Promise<T> {
  const here = options.busyHere?.();
  if (here) throw new WarehouseBusy(here);
  let wh: Warehouse;
  try {
    wh = await openWarehouse(options.file, { readOnly: !write, waitMs: options.waitMs ?? 2000, onWait: () => {} });
  } catch (error) {
    if (error instanceof WarehouseBusyError) {
      throw new WarehouseBusy(`a pipeline run${error.holderPid ? ` (process ${error.holderPid})` : ''} is writing the warehouse`, { cause: error });
    }
    throw error;
  }
  try {
    return await fn(wh);
  } finally {
    wh.close();
  }
}
