// The sign-in page (also the body of a 401 answer).
import { html, type SafeHtml } from '../../shared/html.js';

/** A user name and password form; `error` is shown above it. */
export function loginPage(error?: string): SafeHtml {
  return html`<div class="card narrow">
${error ? html`<p class="bad" role="alert">${error}</p>` : ''}
<form method="post" action="/login">
<p><label>User<br><input name="user" autocomplete="username" required></label></p>
<p><label>Password or access token<br><input name="password" type="password" autocomplete="current-password" required></label></p>
<p class="muted">With an access token, enter "token" as the user.</p>
<button class="primary" type="submit">Sign in</button></form></div>`;
}
