import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from './atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('writes the text, replacing the old file, and leaves no temp file', () => {
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old\n');
    writeFileAtomically(path, 'new\n');
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('throws when the folder does not exist, creating nothing', () => {
    const missing = join(dir, 'missing');
    expect(() => writeFileAtomically(join(missing, 'out.json'), 'x')).toThrow(/ENOENT/);
    expect(existsSync(missing)).toBe(false);
  });

  it('removes the temp file when the rename fails', () => {
    const path = join(dir, 'taken');
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), ''); // a non-empty folder cannot be replaced by a file
    expect(() => writeFileAtomically(path, 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('throws, leaving the old file as it was, when the temp file cannot be created', () => {
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old\n');
    mkdirSync(`${path}.${process.pid}.tmp`); // where the temp file would go
    expect(() => writeFileAtomically(path, 'new\n')).toThrow(/EISDIR/);
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).sort()).toEqual(['out.json', `out.json.${process.pid}.tmp`]);
  });
});
