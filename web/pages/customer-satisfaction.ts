// Customer page cards: the customer's support conversations and survey answers.
import { html, type SafeHtml } from '../../shared/html.js';
import type { ConversationSummary, SurveyAnswer } from '../customer-satisfaction.js';

const num = (v: number | null, digits = 0) => (v === null ? '-' : v.toFixed(digits));

/** Two cards, `#conversations` and `#surveys`, each saying so when there is nothing to show. */
export function satisfactionCards(s: { conversations: readonly ConversationSummary[]; surveys: readonly SurveyAnswer[] }): SafeHtml {
  return html`<div class="card" id="conversations"><h2>Support conversations</h2>${s.conversations.length === 0 ? html`<p class="muted">No support conversations.</p>` : html`
<table><tr><th>Conversation</th><th>Medium</th><th>Opened</th><th class="n">Messages</th><th class="n">First answer (min)</th><th>Status</th><th class="n">Sentiment</th></tr>
${s.conversations.map((c) => html`<tr><td>${c.conversation_id}</td><td>${c.medium}</td><td>${c.opened_at ?? 'by us'}</td><td class="n">${c.messages}</td><td class="n">${c.opened_at === null ? '-' : c.first_response_minutes === null ? 'unanswered' : num(c.first_response_minutes)}</td><td>${c.status}</td><td class="n">${num(c.sentiment, 2)}</td></tr>`)}</table>`}</div>
<div class="card" id="surveys"><h2>Survey answers</h2>${s.surveys.length === 0 ? html`<p class="muted">No survey answers.</p>` : html`
<table><tr><th>When</th><th>Survey</th><th class="n">Score</th><th>Comment</th><th class="n">Sentiment</th></tr>
${s.surveys.map((a) => html`<tr><td>${a.occurred_at}</td><td>${a.survey.toUpperCase()}</td><td class="n">${a.score}</td><td>${a.comment ?? ''}</td><td class="n">${num(a.sentiment, 2)}</td></tr>`)}</table>`}</div>`;
}
