// The child must not load zod or any parent module: whatever it loads is in
// the heap it measures. `import type` is erased, so it is allowed.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';

interface ModuleImport {
  specifier: string;
  typeOnly: boolean;
}

const staticImport = /(?:^|[;\n])\s*(?:import|export)\s+(type\s+)?([\w$*{},\s]*?)\s*from\s*['"]([^'"]+)['"]/g;
const sideEffectImport = /(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g;
const dynamicImport = /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]/g;

/** `{ type A, type B }`: every name a type, so the import is erased. */
const allInlineTypes = (clause: string): boolean =>
  /^\{[^}]*\}$/.test(clause) &&
  clause
    .slice(1, -1)
    .split(',')
    .every((name) => name.trim() === '' || /^type\s/.test(name.trim()));

function importsOf(source: string): ModuleImport[] {
  const found: ModuleImport[] = [];
  for (const [, type, clause, specifier] of source.matchAll(staticImport)) {
    found.push({ specifier: specifier!, typeOnly: type !== undefined || allInlineTypes(clause!.trim()) });
  }
  for (const pattern of [sideEffectImport, dynamicImport]) {
    for (const [, specifier] of source.matchAll(pattern)) found.push({ specifier: specifier!, typeOnly: false });
  }
  return found;
}

interface ModuleGraph {
  /** The harness folder (sources or compiled): its parent/ and cli are out of bounds. */
  harnessDir: string;
  read(file: string): string;
  /** The file a relative specifier names (for sources: .js names the .ts file). */
  resolve(from: string, specifier: string): string;
}

function isForbidden(specifier: string, target: string | null, harnessDir: string): boolean {
  if (specifier === 'zod' || specifier.startsWith('zod/')) return true;
  if (target === null) return false;
  const path = relative(harnessDir, target);
  return path.startsWith(`parent${sep}`) || /^cli\.[mc]?[jt]s$/.test(path);
}

/** Follows the value imports from the entries; names each forbidden one with the chain that reaches it. */
function isolationViolations(entries: string[], graph: ModuleGraph): { visited: string[]; violations: string[] } {
  const chains = new Map(entries.map((file) => [file, relative(graph.harnessDir, file)]));
  const violations: string[] = [];
  for (const [file, chain] of chains) {
    for (const { specifier, typeOnly } of importsOf(graph.read(file))) {
      if (typeOnly) continue;
      const target = specifier.startsWith('.') ? graph.resolve(file, specifier) : null;
      if (isForbidden(specifier, target, graph.harnessDir)) violations.push(`${chain} -> ${specifier}`);
      else if (target !== null && !chains.has(target)) chains.set(target, `${chain} -> ${specifier}`);
    }
  }
  return { visited: [...chains.keys()].map((file) => relative(graph.harnessDir, file)), violations };
}

describe('isolationViolations', () => {
  const check = (files: Record<string, string>) =>
    isolationViolations(['/h/child/entry.ts'], {
      harnessDir: '/h',
      read: (file) => files[file] ?? '',
      resolve: (from, specifier) => resolve(dirname(from), specifier).replace(/\.js$/, '.ts'),
    }).violations;

  it('allows type-only imports of zod and of parent modules', () => {
    const entry = [
      "import type { ChildConfig } from '../protocol.js';",
      "import { type A, type B } from 'zod';",
      "import type {\n  X,\n} from '../parent/run/suite.js';",
      "export type { Y } from '../cli.js';",
      "import { send } from './channel.js';",
    ].join('\n');
    expect(
      check({ '/h/child/entry.ts': entry, '/h/child/channel.ts': "import { writeSync } from 'node:fs';" }),
    ).toEqual([]);
  });

  it.each([
    ['a static import of zod', "import { z } from 'zod';", 'zod'],
    ['a named value next to a type', "import { type A, z } from 'zod';", 'zod'],
    ['a re-export', "export * from 'zod/mini';", 'zod/mini'],
    ['a multi-line import of a parent module', "import {\n  a,\n  b,\n} from '../parent/x.js';", '../parent/x.js'],
    ['a side-effect import', "import '../parent/y.js';", '../parent/y.js'],
    ['a dynamic import', "const cli = await import('../cli.js');", '../cli.js'],
    ['a require', "const z = require('zod');", 'zod'],
  ])('finds %s', (_, entry, specifier) => {
    expect(check({ '/h/child/entry.ts': entry })).toEqual([`child/entry.ts -> ${specifier}`]);
  });

  it('follows value imports and names the chain', () => {
    const files = {
      '/h/child/entry.ts': "import { send } from './channel.js';",
      '/h/child/channel.ts': "import { childMessageSchema } from '../protocol.js';",
      '/h/protocol.ts': "import { z } from 'zod';",
    };
    expect(check(files)).toEqual(['child/entry.ts -> ./channel.js -> ../protocol.js -> zod']);
  });
});

const harnessDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageRoot = dirname(harnessDir);
const compiledDir = join(packageRoot, 'dist', 'harness');
const childSources = readdirSync(join(harnessDir, 'child'))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
  .map((name) => join(harnessDir, 'child', name));

describe('the child', () => {
  beforeAll(async () => {
    await execa(join(packageRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: packageRoot });
  });

  it('loads neither zod nor parent modules (compiled, from entry.js and measure.js)', () => {
    const entries = ['entry.js', 'measure.js'].map((name) => join(compiledDir, 'child', name));
    const { visited, violations } = isolationViolations(entries, {
      harnessDir: compiledDir,
      read: (file) => readFileSync(file, 'utf8'),
      resolve: (from, specifier) => resolve(dirname(from), specifier),
    });
    expect(visited).toEqual(
      expect.arrayContaining(['child/channel.js', 'child/counters.js', 'child/native-counters.js']),
    );
    expect(violations).toEqual([]);
  });

  it('imports neither zod nor parent modules other than as types (sources)', () => {
    const { visited, violations } = isolationViolations(childSources, {
      harnessDir,
      read: (file) => readFileSync(file, 'utf8'),
      resolve: (from, specifier) => resolve(dirname(from), specifier).replace(/\.js$/, '.ts'),
    });
    expect(visited.length).toBeGreaterThanOrEqual(5);
    expect(violations).toEqual([]);
  });
});
