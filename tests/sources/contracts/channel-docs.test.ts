// sources/README.md's channel tables say what the channel registry says: a contract changed without its docs fails here.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { channelDocs } from '../../../sources/contracts/channel-docs.js';
import { channels, customer360ChannelColumns } from '../../../sources/contracts/index.js';

const readme = new URL('../../../sources/README.md', import.meta.url);

describe('the channel docs', () => {
  it('match the registry between the channels markers of sources/README.md', async () => {
    const text = await readFile(readme, 'utf8');
    const inDocs = /<!-- channels:begin -->\n([\s\S]*?)\n<!-- channels:end -->/.exec(text)?.[1];
    const expected = channelDocs(channels);
    // On failure, the message is the text to paste between the markers.
    expect(inDocs, `sources/README.md's channel tables differ from the contracts; paste this between the markers:\n${expected}\n`).toBe(expected);
  });

  it('list every channel, table, identifier and customer_360 column by name', () => {
    // Independent of the renderer: the names a reader looks for are all in the text.
    const docs = channelDocs(channels);
    for (const c of Object.values(channels)) {
      expect(docs).toContain(`| \`${c.name}\` | \`${c.table}\` |`);
      for (const i of c.identifiers) expect(docs).toContain(`(${i.kind})`);
    }
    expect(customer360ChannelColumns().map((c) => c.name)).toEqual([
      'orders', 'revenue', 'avg_order_value', 'first_order_at', 'last_order_at',
      'email_sends', 'email_opens', 'email_clicks', 'last_email_open_at', 'email_bounced', 'email_unsubscribed', 'email_complained',
      'social_interactions', 'social_conversations', 'social_reactions', 'last_social_at',
      'support_conversations', 'support_messages_in', 'last_support_at', 'open_conversations', 'awaiting_answer',
      'unanswered_conversations', 'median_first_response_minutes',
      'surveys_answered', 'last_nps_score', 'last_csat_score',
      'contact_records',
    ]);
    for (const col of customer360ChannelColumns()) expect(docs).toContain(`| \`${col.name}\` | ${col.type} | \`${col.channel}\` |`);
  });
});
