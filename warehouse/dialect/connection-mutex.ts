// A first-come-first-served lock that serialises every user of one DuckDB connection.

/**
 * Serialises work on a single `DuckDBConnection`. A DuckDB connection has one transaction state,
 * so two callers interleaving statements on it would run inside each other's transactions.
 *
 * The dialect takes the lock for each query, and for the whole of a Kysely transaction or stream.
 * Code that uses the same connection directly (appenders, `connection.run`) should pass the same
 * mutex to `DuckDbDialect` and wrap its work in {@link ConnectionMutex.runExclusive}.
 *
 * Not re-entrant: awaiting the lock while holding it waits forever.
 *
 * @example
 * const mutex = new ConnectionMutex();
 * const db = new Kysely<DB>({ dialect: new DuckDbDialect({ connection, mutex }) });
 * await mutex.runExclusive(() => connection.run('CHECKPOINT'));
 */
export class ConnectionMutex {
  #tail: Promise<void> = Promise.resolve();

  /**
   * Waits until every earlier holder has released the lock.
   *
   * @returns The function that releases the lock; calling it more than once has no further effect.
   */
  async lock(): Promise<() => void> {
    let open!: () => void;
    const released = new Promise<void>((resolve) => {
      open = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => released);
    await previous;
    let done = false;
    return () => {
      if (!done) {
        done = true;
        open();
      }
    };
  }

  /**
   * Runs `work` while holding the lock and releases it afterwards, whether `work` resolves or throws.
   *
   * @throws Whatever `work` throws.
   */
  async runExclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.lock();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
