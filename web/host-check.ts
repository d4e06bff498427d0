// Answers only requests addressed to this machine by a loopback name (or a configured one): no DNS rebinding.

/** Host names every local server answers to. */
const LOOPBACK: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * True when a request for `hostname` (the Host header's name, without the port) may be answered. A web page on
 * another site can point its own name at 127.0.0.1 (DNS rebinding) and so read this app through the user's
 * browser, with the page's name in the Host header: only loopback names and the names listed in
 * `web.allowedHosts` are answered.
 * @example hostAllowed('localhost', []) // true; hostAllowed('evil.example', []) // false
 */
export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return LOOPBACK.has(name) || /^127(\.\d{1,3}){3}$/.test(name) || allowed.some((a) => a.toLowerCase() === name);
}
