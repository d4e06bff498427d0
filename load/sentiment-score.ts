// Scores one text's sentiment from -1 (negative) to 1 (positive) with wink-nlp's English model.
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// wink-nlp won over sentiment, vader-sentiment and @nlpjs/sentiment on the 2,000 labelled UCI sentences (sign
// accuracy 0.844 against 0.803, 0.819 and 0.695; tests/load/sentiment-score.test.ts keeps it above 0.80). Its
// lexicon is English only: German text mostly scores 0, and a German word that is also an English one scores as
// the English word ("Die Jacke ..." reads "die": negative). See docs/satisfaction.md.
let nlp: ReturnType<typeof winkNLP> | undefined;

/**
 * The annotations the document sentiment needs: sentences (a document's score is built from its sentences') and
 * negation. wink-nlp's default pipe also tags parts of speech and named and custom entities, which the score never
 * reads and which took half of the time per text (tests/load/sentiment-score.test.ts: same scores as the default).
 */
const sentimentPipe = ['sbd', 'negation', 'sentiment'];

/**
 * The sentiment of `text`: wink-nlp's document sentiment, -1..1 (0 for a text without a scored word), or NULL for a
 * text that is empty or only white space. The model loads on first use (about half a second).
 * @example scoreSentiment('Great service') // 0.6
 */
export function scoreSentiment(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  nlp ??= winkNLP(model, sentimentPipe);
  const score = nlp.readDoc(text).out(nlp.its.sentiment) as unknown as number;
  return Math.max(-1, Math.min(1, score));
}
