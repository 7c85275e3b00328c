// Where a function of the trace lives, as a person reads it: a script path
// relative to the package (so reports from two checkouts compare), and for
// TypeScript files the line and column of the .ts source rather than of the
// JavaScript that tsx ran.
//
// tsx compiles each TypeScript file with esbuild before Node runs it; V8's
// positions refer to that output. We compile the file again with the same
// esbuild (resolved from tsx, so the same version) and the options tsx uses,
// and map the position back through the source map.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceFunction } from '../figures/heap-snapshot.js';

export interface SiteLocation {
  /** The function's name; '' for an anonymous function. */
  function: string;
  /** Relative to the package root for its own files, else a path or a node: name; '' for V8 built-ins. */
  script: string;
  /** 1-based; 0 when unknown. */
  line: number;
  column: number;
}

/** The options tsx 4 passes to esbuild's transform (tsx/dist: sourcemap, minifyWhitespace, keepNames). */
const TSX_TRANSFORM_OPTIONS = { sourcemap: true, minifyWhitespace: true, keepNames: true, format: 'esm' } as const;

interface EsbuildTransform {
  transformSync(source: string, options: Record<string, unknown>): { code: string; map: string };
}

function loadEsbuild(): EsbuildTransform | null {
  try {
    return createRequire(import.meta.resolve('tsx'))('esbuild') as EsbuildTransform;
  } catch {
    return null;
  }
}

function nearestTsconfig(from: string): string | undefined {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'tsconfig.json');
    if (existsSync(candidate)) {
      try {
        return readFileSync(candidate, 'utf8');
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export class SourceLocator {
  private readonly sourceMaps = new Map<string, SourceMap | null>();
  /** Source maps that dependencies ship (minified or bundled code). */
  private readonly shippedMaps = new ShippedSourceMaps();
  private esbuild: EsbuildTransform | null | undefined;

  constructor(private readonly packageRoot: string) {}

  locate(fn: TraceFunction): SiteLocation {
    const path = this.filePath(fn.scriptName);
    let { line, column } = fn;
    if (path !== null && /\.[cm]?tsx?$/.test(path) && line > 0) {
      const original = this.sourceMapOf(path)?.findEntry(line - 1, column - 1);
      if (original !== undefined && 'originalLine' in original) {
        line = original.originalLine + 1;
        column = original.originalColumn + 1;
      }
    }
    if (path !== null && /\.[cm]?js$/.test(path) && path.includes(`${sep}node_modules${sep}`) && line > 0) {
      const original = this.shippedMaps.locate(path, line, column);
      if (original !== null)
        return { function: fn.name, script: this.displayScript(original.path, original.path), ...original.at };
    }
    return { function: fn.name, script: this.displayScript(fn.scriptName, path), line, column };
  }

  private filePath(scriptName: string): string | null {
    if (scriptName.startsWith('file://')) {
      try {
        return fileURLToPath(scriptName.replace(/[?#].*$/, ''));
      } catch {
        return null;
      }
    }
    return scriptName.startsWith('/') ? scriptName : null;
  }

  private displayScript(scriptName: string, path: string | null): string {
    if (path === null) return scriptName;
    const inside = relative(this.packageRoot, path);
    return inside.startsWith('..') || inside.startsWith(sep) ? path : inside;
  }

  private sourceMapOf(path: string): SourceMap | null {
    let map = this.sourceMaps.get(path);
    if (map !== undefined) return map;
    map = null;
    this.esbuild ??= loadEsbuild();
    if (this.esbuild !== null) {
      try {
        const output = this.esbuild.transformSync(readFileSync(path, 'utf8'), {
          ...TSX_TRANSFORM_OPTIONS,
          target: `node${process.versions.node}`,
          loader: path.endsWith('x') ? 'tsx' : 'ts',
          sourcefile: path,
          tsconfigRaw: nearestTsconfig(path),
        });
        map = new SourceMap(JSON.parse(output.map) as ConstructorParameters<typeof SourceMap>[0]);
      } catch {
        // A file that changed or does not compile keeps the positions V8 gave.
        map = null;
      }
    }
    this.sourceMaps.set(path, map);
    return map;
  }
}

/**
 * The source maps a dependency ships beside its minified or bundled files
 * (`//# sourceMappingURL=index.min.js.map`, or an inline data: URL): a
 * position in the file, mapped to the original source's path and position.
 */
class ShippedSourceMaps {
  private readonly maps = new Map<string, { map: SourceMap; base: string } | null>();

  locate(path: string, line: number, column: number): { path: string; at: { line: number; column: number } } | null {
    const shipped = this.mapOf(path);
    if (shipped === null) return null;
    const entry = shipped.map.findEntry(line - 1, column - 1);
    if (!('originalLine' in entry) || typeof entry.originalSource !== 'string') return null;
    const source = entry.originalSource.startsWith('file://')
      ? fileURLToPath(entry.originalSource)
      : resolve(shipped.base, entry.originalSource.replace(/^webpack:\/\/[^/]*\//, ''));
    return { path: source, at: { line: entry.originalLine + 1, column: entry.originalColumn + 1 } };
  }

  private mapOf(path: string): { map: SourceMap; base: string } | null {
    let shipped = this.maps.get(path);
    if (shipped !== undefined) return shipped;
    shipped = null;
    try {
      const code = readFileSync(path, 'utf8');
      const url = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(code.slice(-4096))?.[1];
      if (url !== undefined) {
        const inline = /^data:application\/json;(?:charset=[^;,]+;)?base64,(.*)$/.exec(url);
        const mapPath = inline === null ? resolve(dirname(path), decodeURIComponent(url)) : path;
        const text =
          inline === null ? readFileSync(mapPath, 'utf8') : Buffer.from(inline[1]!, 'base64').toString('utf8');
        const payload = JSON.parse(text) as ConstructorParameters<typeof SourceMap>[0] & { sourceRoot?: string };
        shipped = { map: new SourceMap(payload), base: resolve(dirname(mapPath), payload.sourceRoot ?? '') };
      }
    } catch {
      // No readable map: the positions V8 gave.
      shipped = null;
    }
    this.maps.set(path, shipped);
    return shipped;
  }
}

/** `receiver.js:581 getData`: short enough for a line of output. */
export function siteLabel(site: SiteLocation): string {
  // V8's own frames: built-ins such as Array.prototype.push, and (root), (V8 API) and the like.
  if (site.script === '') {
    if (site.function === '') return '(anonymous built-in)';
    return site.function.startsWith('(') ? site.function : `${site.function} (built-in)`;
  }
  const name = site.function === '' ? '(anonymous)' : site.function;
  const script = site.script.startsWith('node:') ? site.script : site.script.split(/[\\/]/).pop()!;
  return `${script}:${site.line} ${name}`;
}

/**
 * The identity of a site across two reports: named functions by script and
 * name, so that lines moved by an edit still match; anonymous ones by position.
 */
export function siteKey(site: SiteLocation): string {
  return site.function === ''
    ? `${site.script}\u0000:${site.line}:${site.column}`
    : `${site.script}\u0000${site.function}`;
}
