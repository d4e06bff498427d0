import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintFile } from '../../../sources/file/read.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-fingerprint-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('fingerprintFile', () => {
  it("is the sha256 of the file's bytes: the published digest of 'abc', an empty file, and one of several read buffers", async () => {
    await writeFile(path.join(dir, 'abc.txt'), 'abc');
    expect(await fingerprintFile(path.join(dir, 'abc.txt'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // FIPS 180-2
    await writeFile(path.join(dir, 'empty.txt'), '');
    expect(await fingerprintFile(path.join(dir, 'empty.txt'))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // 9 MiB and a few bytes, no two 4 MiB pieces alike: the last, short read must be hashed as short.
    const bytes = Buffer.alloc((9 << 20) + 123);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    await writeFile(path.join(dir, 'big.bin'), bytes);
    expect(await fingerprintFile(path.join(dir, 'big.bin'))).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
