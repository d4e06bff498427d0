// The sentiment scorer against the 2,000 labelled UCI review sentences (the measurement that chose wink-nlp), and its edges.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { scoreSentiment } from '../../load/sentiment-score.js';
import { datasetPath } from '../helpers/datasets.js';

/** The labelled sentences: `text<TAB>label` (1 positive, 0 negative) after a `Review` header line. */
function labelled(file: string): { text: string; positive: boolean }[] {
  return readFileSync(datasetPath(`sentiment/${file}`), 'utf8').split('\n').slice(1).filter((l) => l.includes('\t')).map((l) => {
    const [text, label] = l.split('\t');
    return { text: text!, positive: label!.trim() === '1' };
  });
}

describe('scoreSentiment', () => {
  it('gets the sign right on at least 80% of the 2,000 labelled review sentences (measured: 1,689 = 84.4%)', () => {
    const rows = [...labelled('amazon_cells_labelled.txt'), ...labelled('yelp_labelled.txt')];
    expect(rows.length).toBe(2000);
    expect(rows.filter((r) => r.positive).length).toBe(1000); // balanced: always guessing one side scores 50%
    const right = rows.filter((r) => (scoreSentiment(r.text)! > 0) === r.positive).length;
    console.log(`sentiment sign accuracy: ${right} of ${rows.length} = ${(right / rows.length).toFixed(3)}`);
    expect(right / rows.length).toBeGreaterThanOrEqual(0.8);
  });

  it("gives every text the score of wink-nlp's default pipe (which also tags parts of speech and entities)", () => {
    // The scorer runs only the annotations the score reads; the library's full pipe is the reference.
    const full = winkNLP(model);
    const reference = (t: string) => Math.max(-1, Math.min(1, full.readDoc(t).out(full.its.sentiment) as unknown as number));
    const texts = [...labelled('amazon_cells_labelled.txt'), ...labelled('yelp_labelled.txt')].map((r) => r.text).concat(
      "I don't like it. Not bad at all! The delivery was NOT good, but the staff were lovely.",
      'Mr. Smith said it is great; Dr. Who was not impressed... Never again!!!', 'So Far So Good!.', 'Die Jacke ist nicht wasserdicht');
    const differ = texts.filter((t) => scoreSentiment(t) !== reference(t));
    expect(differ).toEqual([]);
    // 92 of these texts score otherwise without sentence boundaries ('So Far So Good!.' 0.388 against 0.776).
    expect(texts.filter((t) => reference(t) !== 0).length).toBeGreaterThan(1500);
  });

  it('scores from -1 to 1, and gives NULL for no text or only white space', () => {
    expect(scoreSentiment('Great service')).toBeGreaterThan(0);
    expect(scoreSentiment('The zip broke after two weeks')).toBeLessThan(0);
    const scores = ['Terrible, awful, horrible!!! Worst ever', 'Amazing, wonderful, excellent!!! Best ever'].map(scoreSentiment);
    expect(scores[0]).toBeGreaterThanOrEqual(-1);
    expect(scores[1]).toBeLessThanOrEqual(1);
    expect([scoreSentiment(null), scoreSentiment(''), scoreSentiment('  \n')]).toEqual([null, null, null]);
  });

  it("reads German with its English lexicon: mostly neutral, and an English look-alike word decides (as docs/satisfaction.md says)", () => {
    expect(scoreSentiment('Wo bleibt meine Bestellung?')).toBe(0);
    expect(scoreSentiment('Nie wieder')).toBe(0); // "never again": a complaint, scored neutral
    expect(scoreSentiment('Die Jacke ist nicht wasserdicht')).toBeLessThan(0); // German "die" (the) read as English "die"
    expect(scoreSentiment('Alles super')).toBeGreaterThan(0); // "super" is English too
  });
});
