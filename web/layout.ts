// The page frame shared by every page: navigation, the signed-in user, sign-out form and the style sheet.
import { html, raw, type SafeHtml } from '../shared/html.js';

/** What the frame needs to know about the request. */
export interface Frame {
  readonly title: string;
  readonly active?: 'overview' | 'segments' | 'customer' | 'runs';
  /** Signed-in user and the session's CSRF token; absent when auth is off or nobody is signed in. */
  readonly user?: string | undefined;
  readonly csrf?: string | undefined;
  /** Reload the page every this many seconds (live run progress). */
  readonly refreshSeconds?: number;
  /** The response's CSP nonce: the style sheet below is the only inline content the policy lets through. */
  readonly nonce?: string | undefined;
}

const style = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,"DejaVu Sans",sans-serif;color:#1d2433;background:#f6f7f9}
header.top{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.5rem;background:#1d2433;color:#fff}
header.top a{color:#cfd6e4;text-decoration:none}header.top a.on{color:#fff;font-weight:600;border-bottom:2px solid #6ea8fe}
header.top .brand{font-weight:700;color:#fff;margin-right:1rem}header.top form{margin-left:auto}
main{max-width:1100px;margin:1.5rem auto;padding:0 1.5rem}h1{font-size:1.5rem;margin:.2rem 0 1rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0 1.2rem}th,td{padding:.35rem .6rem;border-bottom:1px solid #e3e6eb;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.card{background:#fff;border:1px solid #e3e6eb;border-radius:6px;padding:1rem;margin-bottom:1rem}
.muted{color:#5b6475}.ok{color:#1a7f37}.bad{color:#b42318}.warn{color:#9a6700}
button,.button{font:inherit;padding:.3rem .7rem;border:1px solid #9aa4b5;border-radius:4px;background:#fff;cursor:pointer;color:#1d2433;text-decoration:none}
button.primary{background:#1f6feb;border-color:#1f6feb;color:#fff}input,select{font:inherit;padding:.3rem .5rem}
form.inline{display:inline}.dl{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
iframe.report{width:100%;height:75vh;border:1px solid #e3e6eb;background:#fff}ul.steps{list-style:none;padding:0}
.narrow{max-width:380px}.nowrap{white-space:nowrap}
`;

/** Wraps `body` in the page frame. */
export function layout(frame: Frame, body: SafeHtml): string {
  const link = (href: string, key: Frame['active'], label: string) => html`<a href="${href}" class="${frame.active === key ? 'on' : ''}">${label}</a>`;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${frame.refreshSeconds ? html`<meta http-equiv="refresh" content="${frame.refreshSeconds}">` : ''}
<link rel="icon" href="data:,">
<title>${frame.title} · Rapport</title><style nonce="${frame.nonce ?? ''}">${raw(style)}</style></head><body>
<header class="top"><span class="brand">Rapport</span>${link('/', 'overview', 'Overview')}${link('/segments', 'segments', 'Segments')}${link('/customer', 'customer', 'Customer')}${link('/runs', 'runs', 'Runs')}
${frame.user ? html`<form method="post" action="/logout"><input type="hidden" name="csrf" value="${frame.csrf}"><span class="muted">${frame.user}</span> <button>Sign out</button></form>` : ''}</header>
<main><h1>${frame.title}</h1>${body}</main></body></html>`.toString();
}
