// The feedback channel contract: one row per survey response (NPS, CSAT or CES), each survey with its own score range.
import { z } from 'zod';
import { defineChannel, latestSentiment } from './channel.js';
import { id, rawEmail, timestamp } from './fields.js';

export const surveyTypes = ['nps', 'csat', 'ces'] as const;
export type SurveyType = (typeof surveyTypes)[number];

/** The scale of each survey: NPS 0-10 (likelihood to recommend), CSAT 1-5 (satisfaction), CES 1-7 (ease). */
export const surveyScoreRanges: Readonly<Record<SurveyType, readonly [number, number]>> = Object.freeze({
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
});

export const SurveyResponse = z.object({
  response_id: id(),
  survey: z.enum(surveyTypes),
  /** Checked against its survey's range by the row checks below (the loader quarantines a score out of range). */
  score: z.number().int(),
  comment: z.string().nullish(),
  email: rawEmail().nullish(),
  phone: z.string().nullish(),
  /** Links a response to an order (optional). */
  order_id: z.string().nullish(),
  occurred_at: timestamp(),
});
export type SurveyResponse = z.infer<typeof SurveyResponse>;

const lastScore = (survey: SurveyType) => `arg_max(score, occurred_at) FILTER (WHERE survey = '${survey}')`;

export const feedbackChannel = defineChannel({
  name: 'feedback',
  description: 'one row per survey response (nps 0-10, csat 1-5, ces 1-7)',
  table: 'survey_responses',
  schema: SurveyResponse,
  key: ['response_id'],
  timeField: 'occurred_at',
  recordId: 'response_id',
  identifiers: [
    { kind: 'email', value: 'email' },
    { kind: 'phone', value: 'phone' },
  ],
  rowChecks: surveyTypes.map((survey) => {
    const [min, max] = surveyScoreRanges[survey];
    return {
      field: 'score',
      failsWhen: (typed: (f: string) => string) => `${typed('survey')} = '${survey}' AND ${typed('score')} NOT BETWEEN ${min} AND ${max}`,
      expected: `a ${survey} score from ${min} to ${max}`,
    };
  }),
  sentiment: { text: 'comment' },
  customer360: {
    lastInteraction: 'max(occurred_at)',
    latestSentiment: latestSentiment('occurred_at'),
    columns: [
      { name: 'surveys_answered', type: 'BIGINT', meaning: 'survey responses of any survey', aggregate: 'count(*)', absent: '0' },
      { name: 'last_nps_score', type: 'BIGINT', meaning: 'score of the latest NPS response (0-10)', aggregate: lastScore('nps') },
      { name: 'last_csat_score', type: 'BIGINT', meaning: 'score of the latest CSAT response (1-5)', aggregate: lastScore('csat') },
    ],
  },
});
