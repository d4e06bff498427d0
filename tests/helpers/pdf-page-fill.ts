// Measures how full each page of a PDF is: the lowest point anything is painted (text, filled or stroked paths,
// images), from the page's content stream. Written for Chromium's (Skia's) PDFs: no object streams, Flate contents.
import { inflateSync } from 'node:zlib';

type Matrix = [number, number, number, number, number, number];
const identity: Matrix = [1, 0, 0, 1, 0, 0];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number) => ({ x: x * m[0] + y * m[2] + m[4], y: x * m[1] + y * m[3] + m[5] });

/** One page: its height and the lowest and highest painted y, in points from the top of the page. */
export interface PageExtent {
  readonly height: number;
  /** NULL on a blank page. */
  readonly top: number | null;
  readonly bottom: number | null;
}

/**
 * The painted extent of every page of `pdf`, in page order.
 * @throws Error when the file is not a PDF this reader understands (object streams, or no pages).
 */
export function pdfPageExtents(pdf: Uint8Array): PageExtent[] {
  const text = Buffer.from(pdf).toString('latin1');
  if (/\/ObjStm/.test(text)) throw new Error('pdfPageExtents: object streams are not supported');
  const objects = new Map<string, { dict: string; start: number }>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*<<([\s\S]*?)>>\s*(stream\r?\n|endobj)/g)) objects.set(m[1]!, { dict: m[2]!, start: m.index! + m[0].length });
  const root = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict) && !/\/Parent/.test(o.dict));
  if (!root) throw new Error('pdfPageExtents: no page tree');
  const pages: string[] = [];
  const walk = (dict: string) => {
    for (const [, id] of (/\/Kids \[([^\]]*)\]/.exec(dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)) {
      const kid = objects.get(id!)!;
      if (/\/Type \/Pages\b/.test(kid.dict)) walk(kid.dict);
      else pages.push(id!);
    }
  };
  walk(root.dict);
  return pages.map((id) => {
    const page = objects.get(id)!.dict;
    const box = /\/MediaBox \[([^\]]*)\]/.exec(page)![1]!.trim().split(/\s+/).map(Number);
    const height = box[3]! - box[1]!;
    const contents = [...(/\/Contents (?:\[([^\]]*)\]|(\d+) 0 R)/.exec(page)?.slice(1).join(' ') ?? '').matchAll(/(\d+)(?: 0 R)?/g)].map((m) => m[1]!);
    let low = Infinity;
    let high = -Infinity;
    for (const cid of contents) {
      const obj = objects.get(cid);
      if (!obj) continue;
      const length = Number(/\/Length (\d+)/.exec(obj.dict)![1]);
      const raw = Buffer.from(text.slice(obj.start, obj.start + length), 'latin1');
      const ops = /\/FlateDecode/.test(obj.dict) ? inflateSync(raw).toString('latin1') : raw.toString('latin1');
      for (const y of paintedYs(ops)) { low = Math.min(low, y); high = Math.max(high, y); }
    }
    return low === Infinity ? { height, top: null, bottom: null } : { height, top: height - high, bottom: height - low };
  });
}

/** Every y (PDF space, bottom up) that a paint operator of `ops` touches. */
function paintedYs(ops: string): number[] {
  const ys: number[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = identity;
  let textMatrix: Matrix = identity;
  let line: Matrix = identity;
  let path: number[] = [];
  let operands: number[] = [];
  const point = (x: number, y: number) => path.push(apply(ctm, x, y).y);
  for (const token of ops.match(/\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|\/[^\s/[\]()<>]+|-?\d*\.?\d+(?:e-?\d+)?|[A-Za-z'"*]+/g) ?? []) {
    if (/^-?\d*\.?\d/.test(token)) { operands.push(Number(token)); continue; }
    if (!/^[A-Za-z'"*]+$/.test(token)) continue; // names, strings and arrays are operands we do not need
    const o = operands;
    operands = [];
    switch (token) {
      case 'q': stack.push(ctm); break;
      case 'Q': ctm = stack.pop() ?? identity; break;
      case 'cm': ctm = multiply(o as Matrix, ctm); break;
      case 'm': case 'l': point(o[0]!, o[1]!); break;
      case 'c': point(o[0]!, o[1]!); point(o[2]!, o[3]!); point(o[4]!, o[5]!); break;
      case 'v': case 'y': point(o[0]!, o[1]!); point(o[2]!, o[3]!); break;
      case 're': point(o[0]!, o[1]!); point(o[0]! + o[2]!, o[1]! + o[3]!); break;
      case 'f': case 'F': case 'f*': case 'S': case 's': case 'B': case 'B*': case 'b': case 'b*': ys.push(...path); path = []; break;
      case 'n': path = []; break; // a clip, not a paint
      case 'BT': textMatrix = identity; line = identity; break;
      case 'Tm': textMatrix = o as Matrix; line = textMatrix; break;
      case 'Td': case 'TD': line = multiply([1, 0, 0, 1, o[0]!, o[1]!], line); textMatrix = line; break;
      case 'Tj': case 'TJ': case "'": case '"': ys.push(apply(multiply(textMatrix, ctm), 0, 0).y); break;
      case 'Do': ys.push(apply(ctm, 0, 0).y, apply(ctm, 1, 1).y); break;
    }
  }
  return ys;
}
