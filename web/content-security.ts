// The Content-Security-Policy of the app's pages and of the report files it serves: no script runs, ever.
import { randomBytes } from 'node:crypto';

/** A fresh nonce for one response's `<style>` element. */
export const newNonce = () => randomBytes(16).toString('base64');

/**
 * The app's pages: nothing but the one `<style>` element carrying `nonce`, images from the app itself (and the
 * `data:` favicon), frames of its own report files, forms posting to itself; no script at all.
 */
export function pagePolicy(nonce: string): string {
  return [
    "default-src 'none'", `style-src 'nonce-${nonce}'`, "img-src 'self' data:", "frame-src 'self'",
    "frame-ancestors 'self'", "form-action 'self'", "base-uri 'none'",
  ].join('; ');
}

/**
 * Report files (written by `rapport report kpi`, shown in the Overview's frame): their inline styles are the
 * report's own, but no script, no form and no outside resource.
 */
export const reportPolicy = [
  "default-src 'none'", "style-src 'unsafe-inline'", "img-src 'self' data:", "frame-ancestors 'self'",
  "form-action 'none'", "base-uri 'none'",
].join('; ');
