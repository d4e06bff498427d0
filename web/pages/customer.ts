// Customer: the lookup form, a list when several customers match, and one customer's 360 profile.
import { html, type SafeHtml } from '../../shared/html.js';
import type { CustomerProfile } from '../customer-profile.js';

/** The lookup form (POST, so the email or phone never lands in a URL, a browser history or an access log). */
export function lookupForm(csrf: string, message?: string): SafeHtml {
  return html`<form method="post" action="/customer" class="card"><input type="hidden" name="csrf" value="${csrf}">
<label>Email, handle, phone or customer id <input name="q" size="40" required autocomplete="off"></label> <button class="primary">Look up</button>
${message ? html`<p class="warn" role="status">${message}</p>` : ''}</form>`;
}

/** Several matches: links to each. */
export function matchesPage(csrf: string, ids: readonly string[]): SafeHtml {
  return html`${lookupForm(csrf)}<p>${ids.length} customers match:</p><ul>${ids.map((id) => html`<li><a href="/customer/${id}">${id}</a></li>`)}</ul>`;
}

const percent = (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 100)}%` : '—');
const fmt = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);

/** The profile. */
export function profilePage(csrf: string, p: CustomerProfile): SafeHtml {
  const c = p.customer;
  const facts: [string, unknown][] = [
    ['Customer id', c.customer_id], ['Primary email', c.primary_email], ['First seen', c.first_seen], ['Last seen', c.last_seen],
    ['Orders', c.orders], ['Revenue', c.revenue], ['Preferred channel', c.preferred_channel],
    ['Email', `${c.email_sends} sent, ${c.email_opens} opened, ${c.email_clicks} clicked${c.email_unsubscribed ? ', unsubscribed' : ''}${c.email_bounced ? ', bounced' : ''}${c.email_complained ? ', complained' : ''}`],
    ['Social', `${c.social_interactions} interactions`], ['As of', c.as_of],
  ];
  return html`${lookupForm(csrf)}
<div class="card" id="profile"><table>${facts.map(([k, v]) => html`<tr><th>${k}</th><td>${fmt(v)}</td></tr>`)}</table></div>
<div class="card" id="clv"><h2>Predicted value</h2>${p.clv
    // Plain words for marketing, as in the KPI report (the model's names are in the report's glossary).
    ? html`<p>Predicted value, next 12 months: <strong>${fmt(p.clv.predicted_clv_12m)}</strong> · chance still buying: <strong>${percent(p.clv.p_alive)}</strong> · risk of leaving: ${p.clv.churn_risk}</p>`
    : html`<p class="muted">No prediction (fewer orders than the prediction needs, or predictions not computed yet).</p>`}</div>
<div class="card" id="identities"><h2>Identities</h2><table><tr><th>Kind</th><th>Value</th><th>First seen</th><th>Last seen</th><th class="n">Records</th></tr>
${p.identities.map((i) => html`<tr><td>${i.kind}</td><td>${i.value}</td><td>${i.first_seen}</td><td>${i.last_seen}</td><td class="n">${i.records}</td></tr>`)}</table>
<h3>Why they are linked</h3><p class="muted">Identities are one customer when they appear together in the same source record:</p>
<table><tr><th>Source</th><th>Record</th><th>Seen together</th><th>When</th></tr>${p.links.map((l) => html`<tr><td>${l.source}</td><td>${l.record_id}</td><td>${l.identities.join(' + ')}</td><td>${l.seen}</td></tr>`)}</table>
${p.probabilistic.length === 0 ? '' : html`<h3 id="probabilistic">Matched despite typos</h3><p class="muted">Contacts linked probabilistically: each compared field's weight in bits (+ one person, - two); they add up, with the prior, to the pair's weight.</p>
<table><tr><th>Contacts</th><th class="n">Weight</th><th class="n">Probability</th><th>Fields compared (weight)</th></tr>${p.probabilistic.map((m) => html`<tr><td>${m.recordA} ~ ${m.recordB}${m.decision ? ` (${m.decision}ed)` : ''}</td><td class="n">${m.matchWeight === null ? '-' : m.matchWeight.toFixed(1)}</td><td class="n">${m.matchProbability === null ? '-' : m.matchProbability.toFixed(3)}</td><td>${m.fields.filter((f) => f.level !== null).map((f) => `${f.field}: ${f.level} (${f.weight >= 0 ? '+' : ''}${f.weight.toFixed(1)})`).join(', ')}</td></tr>`)}</table>`}</div>
<div class="card" id="rfm"><h2>RFM and segment history</h2><table><tr><th>As of</th><th>Segment</th><th class="n">R</th><th class="n">F</th><th class="n">M</th><th class="n">Recency</th><th class="n">Orders</th><th class="n">Monetary</th></tr>
${p.rfm.map((r) => html`<tr><td>${r.as_of}</td><td>${r.segment}</td><td class="n">${r.r_score}</td><td class="n">${r.f_score}</td><td class="n">${r.m_score}</td><td class="n">${r.recency_days}</td><td class="n">${r.frequency}</td><td class="n">${fmt(r.monetary)}</td></tr>`)}</table>
${p.rfm.length === 0 ? html`<p class="muted">No RFM history (no counted orders).</p>` : ''}</div>
<div class="card" id="interactions"><h2>Recent interactions</h2><table><tr><th>When</th><th>Source</th><th>Record</th><th>Identified by</th></tr>
${p.interactions.map((i) => html`<tr><td>${i.at}</td><td>${i.source}</td><td>${i.record_id}</td><td>${i.kinds}</td></tr>`)}</table></div>
${recommendationsCard(p)}`;
}

/** Next-best products with the reason for each, and when to write (customer_preferences). */
function recommendationsCard(p: CustomerProfile): SafeHtml {
  const pref = p.preferences;
  const when = pref?.best_send_hour != null
    ? html`Best time to write: ${pref.best_send_day} around ${String(pref.best_send_hour).padStart(2, '0')}:00 (from ${pref.send_time_events} opens and clicks).`
    : html`Best time to write: not known yet (too few opens and clicks).`;
  return html`<div class="card" id="recommendations"><h2>Recommended products</h2>
${pref ? html`<p>${pref.top_category ? html`Top category: ${pref.top_category}. ` : ''}${when}${pref.expected_next_order ? html` Next order expected around ${pref.expected_next_order}.` : ''}</p>` : ''}
${p.recommendations.length > 0
    ? html`<table><tr><th class="n">#</th><th>Product</th><th>Why</th></tr>${p.recommendations.map((r) => html`<tr><td class="n">${r.rank}</td><td>${r.sku}</td><td>${r.reason}</td></tr>`)}</table>`
    : html`<p class="muted">No recommendations (product_recommendations not built yet).</p>`}</div>`;
}
