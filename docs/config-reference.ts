// Renders docs/configuration.md from the zod contract of rapport.config.ts (its JSON Schema) and the meanings in
// config-keys.ts, so every key, type and default on the page is the one the config check enforces.
import { z } from 'zod';
import { RapportConfig } from '../config/schema.js';
import { configIntro, keyMeanings, sectionIntros } from './config-keys.js';

/** The parts of a JSON Schema node this page reads. */
interface Node {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  items?: Node;
  prefixItems?: Node[];
  oneOf?: Node[];
  anyOf?: Node[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  pattern?: string;
}

/** One documented key: where it sits, its variant (e.g. connector "http"), type, default and meaning. */
export interface ConfigKey {
  readonly section: string;
  readonly path: string;
  /** `path` with variant labels, the form the meanings in config-keys.ts are looked up by first. */
  readonly id: string;
  readonly variant?: string;
  readonly type: string;
  readonly default?: string;
}

const code = (s: string) => '`' + s.replaceAll('|', '\\|') + '`';
const BIG = 2 ** 53 - 1; // zod's bounds for "any whole number"

function bounds(n: Node): string {
  const parts: string[] = [];
  if (n.exclusiveMinimum !== undefined) parts.push(`> ${n.exclusiveMinimum}`);
  if (n.minimum !== undefined && n.minimum > -BIG) parts.push(`≥ ${n.minimum}`);
  if (n.maximum !== undefined && n.maximum < BIG) parts.push(`≤ ${n.maximum}`);
  if (n.exclusiveMaximum !== undefined) parts.push(`< ${n.exclusiveMaximum}`);
  return parts.length > 0 ? ` ${parts.join(', ')}` : '';
}

/** A leaf node's type in words: `'file'`, one of `a`, `b`, whole number ≥ 1, ... */
function typeOf(n: Node): string {
  if (n.const !== undefined) return code(literal(n.const));
  if (n.enum) return `one of ${n.enum.map((v) => code(String(v))).join(', ')}`;
  const alternatives = n.oneOf ?? n.anyOf;
  if (alternatives) return alternatives.map(typeOf).join(' or ');
  if (n.type === 'array') return n.prefixItems ? `[${n.prefixItems.map(typeOf).join(', ')}]` : `list of ${n.items ? typeOf(n.items) : 'values'}`;
  if (n.type === 'object') return n.properties ? '`{ sql }`' : 'object';
  if (n.type === 'integer') return `whole number${bounds(n)}`;
  if (n.type === 'number') return `number${bounds(n)}`;
  if (n.type === 'boolean') return 'true or false';
  if (n.type === 'string') return 'text';
  return 'any';
}

/** A default value as it is written in a config file: 'text', [a, b], { key: value }. */
function literal(v: unknown): string {
  if (typeof v === 'string') return `'${v.replaceAll("'", "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${literal(x)}`).join(', ')} }`;
  return String(v);
}
const shown = (v: unknown) => (v === undefined ? undefined : code(literal(v)));

/** The label of an object variant: the value of its discriminating `const` property (`connector: 'http'` -> http). */
const variantLabel = (n: Node) => Object.values(n.properties ?? {}).find((p) => p.const !== undefined)?.const as string | undefined;

/**
 * Every key of the config contract, in schema order: objects are walked into, maps (`sources.<name>`) and lists
 * (`exports[]`) become one entry for their members, tagged unions one set of keys per variant.
 */
export function configKeys(): ConfigKey[] {
  const schema = z.toJSONSchema(RapportConfig, { io: 'input', unrepresentable: 'any' }) as Node;
  const keys: ConfigKey[] = [];
  const walk = (n: Node, section: string, path: string, id: string, variant: string | undefined) => {
    const alternatives = n.oneOf ?? n.anyOf;
    if (alternatives?.every((a) => a.properties)) { // forms of an object; a tagged union's forms are labelled by their tag
      for (const a of alternatives) {
        const label = variantLabel(a);
        walk(a, section, path, label ? `${id}|${label}` : id, variant ?? label);
      }
      return;
    }
    if (n.properties) {
      for (const [k, v] of Object.entries(n.properties)) {
        // The tag of a section's variant is named in its heading; a nested union's tag stays a row.
        if (v.const !== undefined && variant === v.const && id.endsWith(`|${variant}`)) continue;
        walk(v, section, path ? `${path}.${k}` : k, id ? `${id}.${k}` : k, variant);
      }
      return;
    }
    if (n.type === 'object' && typeof n.additionalProperties === 'object' && !n.properties) {
      const member = n.additionalProperties;
      if (member.properties || member.oneOf?.every((a) => a.properties)) return walk(member, section, `${path}.<name>`, `${id}.<name>`, variant);
      keys.push({ section, path: `${path}.<name>`, id: `${id}.<name>`, ...(variant ? { variant } : {}), type: typeOf(member) });
      return;
    }
    if (n.type === 'array' && n.items && (n.items.properties || n.items.oneOf?.every((a) => a.properties))) {
      return walk(n.items, section, `${path}[]`, `${id}[]`, variant);
    }
    keys.push({ section, path, id, ...(variant ? { variant } : {}), type: typeOf(n), ...(n.default !== undefined ? { default: shown(n.default)! } : {}) });
  };
  for (const [top, node] of Object.entries((schema.properties ?? {}) as Record<string, Node>)) {
    const section = sectionIntros[top] ? top : 'top level';
    walk(node, section, top, top, undefined);
  }
  return keys;
}

/** The meaning of a key: by its id with variants (`sources.<name>|http.format`), else without (`sources.<name>.format`). */
export function meaningOf(key: ConfigKey): string | undefined {
  return keyMeanings[key.id] ?? keyMeanings[key.id.replace(/\|[^.]+/g, '')];
}

/**
 * The whole of docs/configuration.md. Throws naming every key without a meaning in config-keys.ts, and every
 * meaning whose key the contract no longer has, so the page cannot fall behind the schema.
 * @example await writeFile('docs/configuration.md', configurationPage());
 */
export function configurationPage(): string {
  const keys = configKeys();
  const missing = keys.filter((k) => meaningOf(k) === undefined).map((k) => k.id);
  const used = new Set(keys.flatMap((k) => [k.id, k.id.replace(/\|[^.]+/g, '')]));
  const stale = Object.keys(keyMeanings).filter((id) => !used.has(id));
  if (missing.length > 0 || stale.length > 0) {
    throw new Error([
      missing.length > 0 ? `keys without a meaning in docs/config-keys.ts: ${missing.join(', ')}` : '',
      stale.length > 0 ? `meanings in docs/config-keys.ts for keys the config contract does not have: ${stale.join(', ')}` : '',
    ].filter(Boolean).join('; '));
  }
  const sections = [...new Set(keys.map((k) => k.section))];
  const body = sections.map((section) => {
    const inSection = keys.filter((k) => k.section === section);
    const variants = [...new Set(inSection.map((k) => k.variant))];
    const tables = variants.map((variant) => {
      const rows = inSection.filter((k) => k.variant === variant).map((k) =>
        `| ${code(k.path)} | ${k.type} | ${k.default ?? ''} | ${meaningOf(k)!.replaceAll('\n', ' ')} |`);
      const heading = variant === undefined ? '' : `### ${code(section === 'dataTests' ? `kind: '${variant}'` : `connector: '${variant}'`)}\n\n`;
      return `${heading}| key | type | default | meaning |\n| --- | --- | --- | --- |\n${rows.join('\n')}`;
    });
    const title = section === 'top level' ? 'Top level: warehouse, outputs, sample' : code(section);
    return `## ${title}\n\n${sectionIntros[section] ?? sectionIntros['top level']}\n\n${tables.join('\n\n')}`;
  });
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from the zod contract (config/schema.ts and the stage contracts it composes) and docs/config-keys.ts by `npm run docs:reference`; do not edit by hand (tests/docs/reference.test.ts fails when stale). -->',
    '',
    configIntro,
    '',
    sections.map((s) => `- [${s === 'top level' ? 'Top level' : code(s)}](#${s === 'top level' ? 'top-level-warehouse-outputs-sample' : s.toLowerCase()})`).join('\n'),
    '',
    body.join('\n\n'),
    '',
  ].join('\n');
}
