// Sites in a dependency's minified file, read through the source map it ships.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceLocator, siteLabel } from './locations.js';

interface Esbuild {
  transformSync(
    code: string,
    options: Record<string, unknown>,
  ): {
    code: string;
    map: string;
  };
}
const esbuild = createRequire(import.meta.resolve('tsx'))('esbuild') as Esbuild;

const SOURCE = `export class Cache {
  private readonly entries = new Map<string, { value: unknown }>();

  set(key: string, value: unknown): void {
    this.entries.set(key, { value });
  }
}
`;

let dir: string;
let lib: string;
let minified: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-shipped-'));
  lib = join(dir, 'node_modules', 'tiny-cache');
  mkdirSync(join(lib, 'dist'), { recursive: true });
  mkdirSync(join(lib, 'src'));
  writeFileSync(join(lib, 'src', 'index.ts'), SOURCE);
  const out = esbuild.transformSync(SOURCE, {
    loader: 'ts',
    minify: true,
    sourcemap: 'external',
    sourcefile: '../src/index.ts',
    format: 'esm',
  });
  minified = out.code;
  expect(minified.split('\n').filter((l) => l !== '').length).toBe(1);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where the `{ value }` literal is in the minified line (1-based column). */
function allocationColumn(code: string): number {
  return code.indexOf('{value:') + 1;
}

describe('SourceLocator: a minified dependency with a shipped source map', () => {
  it('reads a site through a map file beside it: src/index.ts and the line of the allocation', () => {
    writeFileSync(join(lib, 'dist', 'index.min.js'), `${minified}//# sourceMappingURL=index.min.js.map\n`);
    writeFileSync(
      join(lib, 'dist', 'index.min.js.map'),
      esbuild.transformSync(SOURCE, {
        loader: 'ts',
        minify: true,
        sourcemap: 'external',
        sourcefile: '../src/index.ts',
        format: 'esm',
      }).map,
    );
    const file = join(lib, 'dist', 'index.min.js');
    const site = new SourceLocator(dir).locate({
      name: 'set',
      scriptName: file,
      line: 1,
      column: allocationColumn(minified),
    });
    expect(site.script).toBe(join('node_modules', 'tiny-cache', 'src', 'index.ts'));
    expect(site.line).toBe(5);
    expect(siteLabel(site)).toBe('index.ts:5 set');
  });

  it('reads an inline (data: URL) map; without a map keeps the minified position', () => {
    const map = esbuild.transformSync(SOURCE, {
      loader: 'ts',
      minify: true,
      sourcemap: 'external',
      sourcefile: '../src/index.ts',
      format: 'esm',
    }).map;
    const inline = join(lib, 'dist', 'inline.min.js');
    writeFileSync(
      inline,
      `${minified}//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}\n`,
    );
    const located = new SourceLocator(dir).locate({
      name: 'set',
      scriptName: inline,
      line: 1,
      column: allocationColumn(minified),
    });
    expect([located.script, located.line]).toEqual([join('node_modules', 'tiny-cache', 'src', 'index.ts'), 5]);
    const bare = join(lib, 'dist', 'bare.min.js');
    writeFileSync(bare, minified);
    const kept = new SourceLocator(dir).locate({ name: 'set', scriptName: bare, line: 1, column: 40 });
    expect([kept.script, kept.line, kept.column]).toEqual([
      join('node_modules', 'tiny-cache', 'dist', 'bare.min.js'),
      1,
      40,
    ]);
  });
});
