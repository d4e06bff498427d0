// The Customer page lists the customer's support conversations and survey answers, as the warehouse holds them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../web/app.js';
import { hashSecret } from '../../web/auth.js';
import { RunLauncher } from '../../web/run-launcher.js';
import { warehouseGate } from '../../web/warehouse-gate.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { webProject, type WebProject } from '../helpers/web-project.js';

let p: WebProject;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  p = await webProject();
  app = createApp({
    gate: warehouseGate({ file: p.loaded.warehouse, waitMs: 300 }), reportsDir: p.loaded.resolve('reports'), customSegments: {}, pipelines: ['daily'],
    launcher: new RunLauncher(p.configFile), auth: { users: [{ name: 'ann', passwordHash: await hashSecret('correct horse') }] }, log: () => {},
  });
}, 120_000);
afterAll(async () => { await p?.dispose(); });

describe('customer page, satisfaction cards', () => {
  it("shows the customer's conversations with their first answer and status, and their survey answers", async () => {
    const login = await app.request('/login', { method: 'POST', body: new URLSearchParams({ user: 'ann', password: 'correct horse' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' } });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const wh = await openWarehouse(p.loaded.warehouse, { readOnly: true });
    let id: string, conversations: { conversation_id: string }[], scores: { survey: string; score: number }[], other: string;
    try {
      // A customer with both, and the most conversations; the conversations and answers straight from the channel tables.
      [{ id } = { id: '' }] = await wh.all<{ id: string }>(`SELECT customer_id AS id FROM customer_360 WHERE support_conversations > 0 AND surveys_answered > 0
        ORDER BY support_conversations DESC, customer_id LIMIT 1`);
      conversations = await wh.all(`SELECT DISTINCT s.conversation_id FROM support_messages s JOIN customer_records r ON r.channel = 'support' AND r.record_id = s.conversation_id
        WHERE r.customer_id = $1 ORDER BY 1`, [id]);
      scores = await wh.all(`SELECT s.survey, s.score FROM survey_responses s JOIN customer_records r ON r.channel = 'feedback' AND r.record_id = s.response_id WHERE r.customer_id = $1`, [id]);
      [{ other } = { other: '' }] = await wh.all<{ other: string }>(`SELECT conversation_id AS other FROM support_messages WHERE conversation_id NOT IN
        (SELECT record_id FROM customer_records WHERE channel = 'support' AND customer_id = $1) ORDER BY 1 LIMIT 1`, [id]);
    } finally {
      wh.close();
    }
    expect(conversations.length).toBeGreaterThan(0);
    const body = await (await app.request(`/customer/${id}`, { headers: { cookie } })).text();
    const card = (name: string) => body.slice(body.indexOf(`id="${name}"`), body.indexOf('</div>', body.indexOf(`id="${name}"`)));
    for (const c of conversations) expect(card('conversations')).toContain(`<td>${c.conversation_id}</td>`);
    expect(card('conversations')).not.toContain(other); // another customer's conversation
    expect(card('conversations')).toMatch(/<td>(open|pending|solved|closed)<\/td>/);
    for (const s of scores) expect(card('surveys')).toContain(`<td>${s.survey.toUpperCase()}</td><td class="n">${s.score}</td>`);
  });
});
