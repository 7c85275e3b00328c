// Finds and reads a project's configuration: alloc-counter.config.json, .mjs or
// .ts in the project's root, or the "alloc-counter" key of its package.json;
// at most one of them. By hand rather than with a loader library: four fixed
// places in one folder, and tsx (already a dependency) imports the .ts one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import { type Project, shownPath } from '../project/project.js';
import { type Config, configProblem, configSchema } from './schema.js';

export const CONFIG_FILE_NAMES = ['alloc-counter.config.json', 'alloc-counter.config.mjs', 'alloc-counter.config.ts'];
const PACKAGE_KEY = 'alloc-counter';

export interface LoadedConfig {
  /** Where it came from, as messages show it; null when the project has none. */
  source: string | null;
  config: Config;
}

async function importDefault(path: string): Promise<unknown> {
  const url = pathToFileURL(path).href;
  if (!path.endsWith('.ts')) return ((await import(url)) as { default?: unknown }).default;
  const module = (await (await import('tsx/esm/api')).tsImport(url, import.meta.url)) as { default?: unknown };
  // A .ts file in a package without "type": "module" loads as CommonJS: its default export is one level down.
  const value = module.default as { __esModule?: boolean; default?: unknown } | undefined;
  return value?.__esModule === true ? value.default : value;
}

async function readRaw(path: string, source: string): Promise<unknown> {
  try {
    if (path.endsWith('.json')) return JSON.parse(readFileSync(path, 'utf8'));
    return await importDefault(path);
  } catch (error) {
    throw new UsageError(`${source}: cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The places that hold a configuration in this project, with what each holds (package.json's key only when present). */
interface Place {
  path: string;
  source: string;
  /** The key of package.json that holds it. */
  key?: string;
}

function candidates(project: Project): Place[] {
  const found: Place[] = CONFIG_FILE_NAMES.map((name) => join(project.root, name))
    .filter((path) => existsSync(path))
    .map((path) => ({ path, source: shownPath(project, path) }));
  const manifest = join(project.root, 'package.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch (error) {
    throw new UsageError(`${shownPath(project, manifest)}: not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed === 'object' && parsed !== null && PACKAGE_KEY in parsed) {
    found.push({ path: manifest, source: `${shownPath(project, manifest)} "${PACKAGE_KEY}"`, key: PACKAGE_KEY });
  }
  return found;
}

export async function loadConfig(project: Project): Promise<LoadedConfig> {
  const found = candidates(project);
  if (found.length > 1) {
    throw new UsageError(`two configurations: ${found.map((f) => f.source).join(' and ')}; keep one`);
  }
  const [place] = found;
  if (place === undefined) return { source: null, config: {} };
  const raw = await readRaw(place.path, place.source);
  const value = place.key === undefined ? raw : (raw as Record<string, unknown>)[place.key];
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(configProblem(place.source, parsed.error));
  return { source: place.source, config: parsed.data };
}
