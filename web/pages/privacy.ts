// The privacy card of a customer's page (admins only): download everything held, or forget the person for good.
import { html, type SafeHtml } from '../../shared/html.js';
import type { ForgetOutcome } from '../../privacy/forget-for-good.js';

/** Two forms: the access export (a JSON download) and the forget, which asks for a reason and a confirmation. */
export function privacyCard(csrf: string, customerId: string): SafeHtml {
  return html`<div class="card" id="privacy"><h2>Privacy (admin)</h2>
<form method="post" action="/customer/${customerId}/privacy/export"><input type="hidden" name="csrf" value="${csrf}">
<button>Download everything held (JSON)</button></form>
<form method="post" action="/customer/${customerId}/privacy/forget"><input type="hidden" name="csrf" value="${csrf}">
<label>Reason <input name="reason" size="40" autocomplete="off"></label>
<label><input type="checkbox" name="confirm" value="yes" required> Delete this person from every table and the warehouse file. This cannot be undone.</label>
<button class="danger">Forget this person</button></form></div>`;
}

/** What a forget removed, table by table, and the exports to recall. */
export function forgottenPage(o: ForgetOutcome): SafeHtml {
  const r = o.report;
  return html`<div class="card" id="forgotten"><p class="good">Forgotten: ${r.customerIds} customer id(s), ${r.identities} identities, ${r.records} records. Audit: ${r.auditId}.</p>
<table><tr><th>Table</th><th class="n">Rows</th><th>How</th></tr>${r.removed.map((x) => html`<tr><td>${x.table}</td><td class="n">${x.rows}</td><td>${x.how}</td></tr>`)}</table>
<p>${r.tombstones} tombstones written; warehouse file rewritten (${(o.sizes.before / 1e6).toFixed(1)} MB → ${(o.sizes.after / 1e6).toFixed(1)} MB).</p>
${r.exports.length === 0 ? html`<p>No export written earlier contained this person.</p>` : html`<p class="warn">Exports written earlier that contained this person (recall them):</p>
<ul>${r.exports.map((e) => html`<li>${e.exportedAt.toISOString().slice(0, 10)} ${e.segment}: ${e.destination}</li>`)}</ul>`}</div>`;
}
