// A real HTTP server on 127.0.0.1 (ephemeral port) that pages, rate-limits, fails on demand and requires auth.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiEvent {
  readonly id: string;
  readonly type: string;
  readonly recipient: { readonly email: string };
  readonly at: string;
}

/** What the server does instead of answering normally, once per listed entry, for a given `path?page-key`. */
export type Fault = '503' | '429' | 'hang' | 'drop';

export interface FakeApi {
  readonly url: string;
  /** The records served; tests may push late or new ones between runs. */
  readonly events: ApiEvent[];
  /** Every request received: path, query and the auth it carried. */
  readonly requests: { path: string; query: Record<string, string>; auth: string | undefined; at: number }[];
  /** Faults to inject, keyed by `<path>#<page or cursor or "first">`, consumed in order. */
  readonly faults: Map<string, Fault[]>;
  close(): Promise<void>;
}

export const TOKEN = 'tok-s3cr3t-value';
const PAGE = 4;

/** Starts the server with `count` email events one hour apart from 2026-03-01T00:00Z. */
export async function startFakeApi(count = 10): Promise<FakeApi> {
  const events: ApiEvent[] = Array.from({ length: count }, (_, i) => ({
    id: `ev${String(i + 1).padStart(3, '0')}`,
    type: i % 3 === 0 ? 'send' : 'open',
    recipient: { email: `p${i}@example.com` },
    at: new Date(Date.UTC(2026, 2, 1, i)).toISOString(),
  }));
  const requests: FakeApi['requests'] = [];
  const faults = new Map<string, Fault[]>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const auth = req.headers.authorization ?? (req.headers['x-api-key'] as string | undefined) ?? query.api_key;
    requests.push({ path: url.pathname, query, auth, at: Date.now() });
    const key = `${url.pathname}#${query.page ?? query.cursor ?? 'first'}`;
    const fault = faults.get(key)?.shift();
    if (fault === 'hang') return; // never answers: the client's time-out must fire
    if (fault === 'drop') { // starts a 200 answer, then the connection is cut mid-body
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"data":[{"id":"ev');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (fault === '503') return send(res, 503, 'text/plain', 'try later');
    if (fault === '429') return send(res, 429, 'text/plain', 'slow down', { 'retry-after': '1' });
    if (auth !== TOKEN && auth !== `Bearer ${TOKEN}`) return send(res, 401, 'application/json', '{"error":"unauthorized"}');
    route(req, res, url, events);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    requests,
    faults,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function route(req: IncomingMessage, res: ServerResponse, url: URL, events: ApiEvent[]): void {
  const since = url.searchParams.get('since');
  const all = events.filter((e) => since === null || Date.parse(e.at) >= Date.parse(since)).sort((a, b) => (a.at < b.at ? -1 : 1));
  const page = Number(url.searchParams.get('page') ?? '1');
  const size = Number(url.searchParams.get('per_page') ?? PAGE);
  const slice = all.slice((page - 1) * size, page * size);
  switch (url.pathname) {
    case '/v1/events': // page-number pagination, newest first: pages are not in time order
      return send(res, 200, 'application/json', JSON.stringify({ data: [...all].reverse().slice((page - 1) * size, page * size) }));
    case '/v1/cursor': {
      const start = Number(url.searchParams.get('cursor') ?? '0');
      const next = start + PAGE < all.length ? String(start + PAGE) : null;
      return send(res, 200, 'application/json', JSON.stringify({ items: all.slice(start, start + PAGE), meta: { next } }));
    }
    case '/v1/link': {
      const last = page * size >= all.length;
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      const link: Record<string, string> = last ? {} : { link: `<${next.pathname}${next.search}>; rel="next", <${url.pathname}?page=1>; rel="first"` };
      return send(res, 200, 'application/json', JSON.stringify(slice), link);
    }
    case '/v1/events.csv': {
      const rows = slice.map((e) => `${e.id},${e.type},${e.recipient.email},${e.at}`);
      if (page === 1) rows.push('broken-row-with-two,fields');
      return send(res, 200, 'text/csv', ['event_id,event_type,email,occurred_at', ...rows].join('\n') + '\n');
    }
    default:
      void req;
      return send(res, 404, 'text/plain', 'no such endpoint');
  }
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(body);
}
