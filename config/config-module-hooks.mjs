// Node module hooks for loading a user's config from any folder: `rapport` names this package, and the config with
// the files it imports from its own folder load as ES modules whatever package.json (if any) sits beside them.
// Plain JavaScript because Node loads hooks before any TypeScript loader is in place.

/** Query parameter marking the config module and the local files it imports. */
const MARK = 'rapport-config';
/** A file inside this package: resolving `rapport` from here uses the package's own "exports" (self-reference). */
const INSIDE_PACKAGE = new URL('../package.json', import.meta.url).href;
const SCRIPT = /\.(?:[mc]?[jt]s|tsx|jsx)$/;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'rapport' || specifier.startsWith('rapport/')) {
    // The running Rapport, not whatever copy (if any) sits in node_modules beside the config.
    return nextResolve(specifier, { ...context, parentURL: INSIDE_PACKAGE });
  }
  const result = await nextResolve(specifier, context);
  const url = new URL(result.url);
  const parent = context.parentURL?.startsWith('file:') ? new URL(context.parentURL) : undefined;
  const marked = url.searchParams.has(MARK) || (parent?.searchParams.has(MARK) && /^\.{1,2}\//.test(specifier));
  if (!marked || url.protocol !== 'file:' || url.pathname.includes('/node_modules/') || !SCRIPT.test(url.pathname)
    || /\.c[jt]s$/.test(url.pathname)) return result;
  // Without "type": "module" beside it a .ts/.js file would load as CommonJS, which cannot import Rapport (ESM).
  url.searchParams.set(MARK, '');
  return { ...result, url: url.href, format: 'module' };
}
