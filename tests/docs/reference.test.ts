// docs/commands.md and docs/configuration.md are generated (npm run docs:reference) from the command's help and the
// config's zod contract: the committed pages are current, and they name every command, option and config key.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands, main } from '../../cli/main.js';
import { RapportConfig } from '../../config/schema.js';
import { commandsPage } from '../../docs/commands-reference.js';
import { configKeys, configurationPage, meaningOf } from '../../docs/config-reference.js';

const root = path.resolve(import.meta.dirname, '../..');
const page = (name: string) => readFile(path.join(root, 'docs', name), 'utf8');

/** The CLI in-process: what `rapport <args>` prints on stdout. */
async function helpOf(args: readonly string[]): Promise<string> {
  const out: string[] = [];
  await main(args, { out: (l) => out.push(l), err: () => {}, env: {}, cwd: root });
  return `${out.join('\n')}\n`;
}

describe('docs/commands.md', () => {
  it('is current (else: npm run docs:reference)', async () => {
    expect(await page('commands.md')).toBe(await commandsPage(helpOf));
  });

  it('has a section for every command, naming every option the command parses', async () => {
    const text = await page('commands.md');
    for (const command of commands) {
      const section = text.split(`\n## \`rapport ${command.name}\`\n`)[1]?.split('\n## ')[0];
      expect(section, command.name).toBeDefined();
      for (const option of Object.keys(command.options ?? {})) expect(section, `${command.name} --${option}`).toContain(`--${option}`);
    }
  });
});

describe('docs/configuration.md', () => {
  it('is current (else: npm run docs:reference)', async () => {
    expect(await page('configuration.md')).toBe(configurationPage());
  });

  it('gives every key of the contract a meaning, its type and its default', () => {
    const keys = configKeys();
    expect(keys.filter((k) => meaningOf(k) === undefined)).toEqual([]);
    const text = configurationPage();
    // Keys and defaults read off the contract by hand, so a walker that skipped a level or a union would show here.
    expect(text).toContain("| `warehouse` | text | `'data/warehouse.duckdb'` |");
    expect(text).toContain("| `sources.<name>.csv.delimiter` | text | `','` |");
    expect(text).toContain("| `sources.<name>.auth.tokenEnv` | text |  |");
    expect(text).toContain("| `sources.<name>.connection.port` | whole number > 0 | `5432` |");
    expect(text).toContain("| `pipelines.<name>.exports[].webhook.batchSize` | whole number > 0, ≤ 100000 | `500` |");
    expect(text).toContain("| `analytics.churnInactivityDays` | whole number ≥ 31 | `180` |");
    expect(text).toContain("| `match.blocking` | list of list of one of");
    expect(text).toContain('### `kind: \'freshness\'`');
    for (const top of Object.keys(RapportConfig.shape)) expect(text, top).toMatch(new RegExp(`\\| \`${top}[.\`[]`));
  });

  it('refuses to render while a key has no meaning', async () => {
    const keys = await import('../../docs/config-keys.js');
    const saved = keys.keyMeanings['match.threshold'];
    delete keys.keyMeanings['match.threshold'];
    try {
      expect(() => configurationPage()).toThrow('keys without a meaning in docs/config-keys.ts: match.threshold');
    } finally {
      keys.keyMeanings['match.threshold'] = saved!;
    }
  });
});
