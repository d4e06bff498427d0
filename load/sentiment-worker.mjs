// A worker thread of load/sentiment-pool.ts: scores the texts it is sent with the same scorer as the main thread.
// Plain JS so that it starts alike under tsx, the `rapport` command and vitest, then loads the TypeScript scorer
// through tsx's loader (a dependency: Rapport runs its TypeScript with it).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { scoreSentiment } = await import('./sentiment-score.ts');

parentPort.on('message', ({ id, texts }) => {
  try {
    // NaN stands for NULL (an empty text) in the transferable array.
    const scores = new Float64Array(texts.length);
    for (let i = 0; i < texts.length; i++) scores[i] = scoreSentiment(texts[i]) ?? Number.NaN;
    parentPort.postMessage({ id, scores }, [scores.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
