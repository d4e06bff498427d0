// A Vega loader that refuses every network and file request, so a chart spec can only use inline data.
import type { Loader } from 'vega';

/** A loader plus the list of URIs it refused during one render. */
export interface OfflineLoader {
  readonly loader: Loader;
  /** URIs the spec tried to load (data URLs, images, links), in request order. */
  readonly refused: readonly string[];
}

/**
 * Creates a loader that rejects every request. Vega only logs a failed data load and renders an empty chart,
 * so the caller must check `refused` after rendering and fail the chart itself.
 *
 * @example
 * const offline = offlineLoader();
 * const view = new View(runtime, { loader: offline.loader, renderer: 'none' });
 * await view.toSVG();
 * if (offline.refused.length > 0) throw new Error(`tried to fetch ${offline.refused.join(', ')}`);
 */
export function offlineLoader(): OfflineLoader {
  const refused: string[] = [];
  const refuse = async (uri: unknown): Promise<never> => {
    refused.push(String(uri));
    throw new Error(`Rapport charts render offline; refused to load ${String(uri)}. Pass the rows as inline data values.`);
  };
  // sanitize is refused too: vega calls it for image marks and hyperlinks, which resvg or a viewer would then fetch.
  const loader: Loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };
  return { loader, refused };
}
