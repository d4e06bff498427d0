// Scoring on worker threads gives each text the score the main thread gives it, in order, NULL for an empty text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sentimentScorer } from '../../load/sentiment-pool.js';
import { scoreSentiment } from '../../load/sentiment-score.js';
import { datasetPath } from '../helpers/datasets.js';

const sentences = ['amazon_cells_labelled.txt', 'yelp_labelled.txt']
  .flatMap((f) => readFileSync(datasetPath(`sentiment/${f}`), 'utf8').split('\n').slice(1))
  .filter((l) => l.includes('\t')).map((l) => l.split('\t')[0]!);

describe('sentimentScorer', () => {
  it('scores on three threads exactly as one thread does, keeping the order, for texts and empty ones', async () => {
    const texts = [...sentences, '', '   ', ...sentences.slice(0, 7)];
    const scorer = sentimentScorer(3);
    try {
      const got = await scorer.score(texts);
      expect(got).toEqual(texts.map((x) => scoreSentiment(x)));
      expect(got.filter((x) => x === null)).toHaveLength(2);
      expect(await scorer.score(['Great service'])).toEqual([scoreSentiment('Great service')]); // the workers stay for the next chunk
    } finally {
      await scorer.close();
    }
  });
});
