// Scores many texts' sentiment on every core: the main thread takes one share, worker threads the others.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { scoreSentiment } from './sentiment-score.js';

/** Scores texts (NULL for an empty one, as {@link scoreSentiment}); `close` ends its worker threads. */
export interface SentimentScorer {
  score(texts: readonly string[]): Promise<(number | null)[]>;
  close(): Promise<void>;
}

/**
 * A scorer on `threads` threads (default: the cores, at most 4): wink-nlp is pure JS, so a first load of millions of
 * texts (10–20 µs each) would otherwise keep one core busy while DuckDB, idle meanwhile, leaves the others free.
 * One thread scores inline, with no worker (workers take about a second to start: worth it for big loads only).
 * The scores are the same whichever thread computes them (tests/load/sentiment-pool.test.ts).
 * @example const s = sentimentScorer(2); await s.score(['Great service', 'Never again']); await s.close();
 */
export function sentimentScorer(threads = Math.min(os.availableParallelism(), 4)): SentimentScorer {
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: (s: Float64Array) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const start = () => {
    const w = new Worker(new URL('./sentiment-worker.mjs', import.meta.url));
    w.on('message', (m: { id: number; scores?: Float64Array; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.scores) p?.resolve(m.scores);
      else p?.reject(new Error(`sentiment worker: ${m.error}`));
    });
    w.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); });
    return w;
  };
  const inWorker = (w: Worker, texts: readonly string[]) => new Promise<Float64Array>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    w.postMessage({ id, texts });
  });
  return {
    async score(texts) {
      if (threads <= 1) return texts.map((t) => scoreSentiment(t));
      while (workers.length < threads - 1) workers.push(start());
      const share = Math.ceil(texts.length / threads);
      // The workers' shares are sent first, then the main thread scores the first share while they work.
      const others = workers.map((w, i) => inWorker(w, texts.slice((i + 1) * share, (i + 2) * share)));
      const own = texts.slice(0, share).map((t) => scoreSentiment(t));
      const rest = await Promise.all(others);
      return own.concat(...rest.map((s) => Array.from(s, (x) => (Number.isNaN(x) ? null : x))));
    },
    async close() {
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
    },
  };
}
