// Tests findChartFontFiles: the first installed candidate wins, its bold face comes along, and absence is an error.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChartFontNotFoundError, findChartFontFiles } from '../../../reports/render/index.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-fonts-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function touch(...parts: string[]): string {
  const path = join(dir, ...parts);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  return path;
}

describe('findChartFontFiles', () => {
  it('returns the first candidate that exists, with the bold face from the same folder', () => {
    const second = touch('b', 'DejaVuSans.ttf');
    const bold = touch('b', 'DejaVuSans-Bold.ttf');
    const third = touch('c', 'DejaVuSans.ttf');

    expect(findChartFontFiles([join(dir, 'a', 'DejaVuSans.ttf'), second, third])).toEqual([second, bold]);
  });

  it('returns the regular face alone when the bold face is not installed', () => {
    const regular = touch('DejaVuSans.ttf');

    expect(findChartFontFiles([regular])).toEqual([regular]);
  });

  it('throws an error listing the paths tried when none exists', () => {
    const tried = [join(dir, 'x.ttf'), join(dir, 'y.ttf')];
    const error = (() => {
      try {
        findChartFontFiles(tried);
      } catch (e) {
        return e;
      }
    })();

    expect(error).toBeInstanceOf(ChartFontNotFoundError);
    expect((error as ChartFontNotFoundError).triedPaths).toEqual(tried);
    expect((error as Error).message).toContain('fonts-dejavu-core');
  });

  it('finds the font CI installs at its Debian path', () => {
    expect(findChartFontFiles()[0]).toBe('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf');
  });
});
