// Which Node the children run on (--node PATH or --node <major>), its
// version, the V8 flags it needs, and the allocation-tracking addon built for
// it: V8's C++ API is not ABI-stable, so the addon is built per Node version,
// against that Node's own headers, and cached.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { runtimeKey } from '../limits/baselines.js';

export interface ChildRuntime {
  nodeBinary: string;
  version: string;
  v8: string;
  major: number;
  runtimeKey: string;
  addonPath: string;
}

const versionSchema = z.strictObject({ node: z.string().regex(/^v\d+\.\d+\.\d+/), v8: z.string() });

function probeVersion(nodeBinary: string): { node: string; v8: string } {
  try {
    const out = execFileSync(nodeBinary, ['-p', 'JSON.stringify({ node: process.version, v8: process.versions.v8 })'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    return versionSchema.parse(JSON.parse(out));
  } catch (error) {
    throw new UsageError(
      `--node ${nodeBinary}: not a working node binary (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

export function nodeCacheDir(packageRoot: string): string {
  return process.env.ALLOC_COUNTER_NODE_CACHE ?? join(packageRoot, '.node-cache');
}

/**
 * Resolves --node: a path, or a major (24) or exact version (24.21.0)
 * fetched into the cache by scripts/fetch-node.sh.
 */
export function resolveNodeBinary(requested: string | null, packageRoot: string): string {
  if (requested === null) return process.execPath;
  if (/^v?[0-9]+(\.[0-9]+\.[0-9]+)?$/.test(requested)) {
    const spec = requested.replace(/^v/, '');
    const binary = join(nodeCacheDir(packageRoot), `node-${spec}`, 'bin', 'node');
    if (!existsSync(binary)) {
      throw new UsageError(`--node ${requested}: Node ${spec} is not fetched: run scripts/fetch-node.sh ${spec}`);
    }
    return binary;
  }
  const binary = resolve(requested);
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new UsageError(`--node ${requested}: no executable node binary there`);
  }
  return binary;
}

/**
 * The addon for that Node: the one `npm ci` built when it is this Node,
 * otherwise a cached build (made on first use with scripts/build-native.mjs).
 */
export function addonFor(nodeBinary: string, version: string, packageRoot: string, defaultAddon: string): string {
  if (version === process.version) return defaultAddon;
  // Keyed by the addon's sources too, so that a changed addon is rebuilt.
  const nativeDir = join(packageRoot, 'harness', 'native');
  const sources = createHash('sha256');
  for (const name of readdirSync(nativeDir)
    .filter((n) => /\.(cc|c|h|gyp)$/.test(n))
    .sort()) {
    sources.update(name).update(readFileSync(join(nativeDir, name)));
  }
  const cached = join(
    nodeCacheDir(packageRoot),
    'addon',
    `${version}-${sources.digest('hex').slice(0, 12)}`,
    'alloc_tracker.node',
  );
  if (existsSync(cached)) return cached;
  process.stderr.write(`alloc-counter: building the allocation-tracking addon for Node ${version} (once)...\n`);
  try {
    execFileSync(
      process.execPath,
      [join(packageRoot, 'scripts', 'build-native.mjs'), '--node', nodeBinary, '--out', join(cached, '..')],
      { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    const line = stderr.trim().split('\n').pop() ?? (error as Error).message;
    throw new UsageError(`cannot build the allocation-tracking addon for Node ${version}: ${line}`);
  }
  return cached;
}

export function childRuntime(requested: string | null, packageRoot: string, defaultAddon: string): ChildRuntime {
  const nodeBinary = resolveNodeBinary(requested, packageRoot);
  const { node, v8 } =
    nodeBinary === process.execPath ? { node: process.version, v8: process.versions.v8 } : probeVersion(nodeBinary);
  const major = Number(node.slice(1).split('.')[0]);
  return {
    nodeBinary,
    version: node,
    v8,
    major,
    runtimeKey: runtimeKey(major),
    addonPath: addonFor(nodeBinary, node, packageRoot, defaultAddon),
  };
}
