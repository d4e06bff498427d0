// Removes secrets from values recorded with a run: secret-looking keys, URL passwords and token query parameters.

const SECRET_KEY = /pass(word|wd)?$|secret|token|api[-_]?key|credential|authorization|private[-_]?key|^auth$/i;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]*@/gi;
const SECRET_QUERY = /([?&](?:[a-z_-]*token|[a-z_-]*key|secret|password|sig|signature)=)[^&\s]+/gi;

/** What a removed secret is replaced with. */
export const REDACTED = '***';

/**
 * A deep copy of `value` with secrets replaced by `***`: values under keys such as `password`, `token`,
 * `apiKey`, `secret`; the password in `scheme://user:password@host` URLs; token-like query parameters.
 * @example redactSecrets({ url: 'postgres://app:hunter2@db/x' }) // { url: 'postgres://app:***@db/x' }
 */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(URL_PASSWORD, `$1${REDACTED}@`).replace(SECRET_QUERY, `$1${REDACTED}`);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== undefined && v !== null ? REDACTED : redactSecrets(v)]),
    );
  }
  return value;
}
