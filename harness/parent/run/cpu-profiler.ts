// --cpu-profile: which profiler the children's Node gets. v8-profiler-next
// (the project's specified profiler) where its binding loads in that Node: npm
// builds it for the Node running npm; for another Node (--node) it is built
// once by scripts/build-profiler.mjs against that Node's headers, as our addon
// is. Where it cannot be had (it does not compile for Node 26; its build failed
// on this machine) the inspector's Profiler domain, Node's own, takes the
// profiles, and one line says why (ARCHITECTURE.md, "CPU profiles").
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CpuProfilerKind } from '../../cpu-profile/variables.js';

/** The package's folder, or null when npm left it out (an optional dependency whose build failed). */
function packageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('v8-profiler-next/package.json'));
  } catch {
    return null;
  }
}

/** Why v8-profiler-next does not load in `nodeBinary` (its first line), or null when it does. */
function loadError(nodeBinary: string, dir: string): string | null {
  const result = spawnSync(nodeBinary, ['-e', `require(${JSON.stringify(dir)})`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status === 0) return null;
  const lines = (result.stderr ?? '').split('\n').map((l) => l.trim());
  return lines.find((l) => /^Error/.test(l)) ?? lines.find((l) => l !== '') ?? `exit ${result.status}`;
}

/** Builds the binding for `nodeBinary`; a failure is recorded, so that it is tried once per Node. */
function build(nodeBinary: string, version: string, dir: string, packageRoot: string): string | null {
  const failed = join(dir, 'build', 'alloc-counter-failed', `${version}.txt`);
  if (existsSync(failed)) return readFileSync(failed, 'utf8').trim();
  process.stderr.write(`alloc-counter: building v8-profiler-next for Node ${version} (once)...\n`);
  try {
    execFileSync(process.execPath, [join(packageRoot, 'scripts', 'build-profiler.mjs'), '--node', nodeBinary], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    // The script's last line names the Node, said here already: its reason only.
    const last = stderr.trim().split('\n').pop() ?? (error as Error).message;
    const line = `its build failed: ${last.replace(/^alloc-counter: v8-profiler-next not built for [^:]+: /, '')}`;
    mkdirSync(dirname(failed), { recursive: true });
    writeFileSync(failed, `${line}\n`);
    return line;
  }
}

/** The profiler for children on `nodeBinary` (Node `version`); prints one line when it is the inspector. */
export function chooseCpuProfiler(nodeBinary: string, version: string, packageRoot: string): CpuProfilerKind {
  const dir = packageDir();
  let reason: string | null;
  if (dir === null) {
    reason =
      'it is not installed (npm leaves an optional dependency out when its build fails: npm i v8-profiler-next shows why)';
  } else {
    reason = loadError(nodeBinary, dir);
    if (reason !== null && nodeBinary !== process.execPath) {
      const buildError = build(nodeBinary, version, dir, packageRoot);
      reason = buildError ?? loadError(nodeBinary, dir);
    }
  }
  if (reason === null) return 'v8-profiler-next';
  process.stderr.write(
    `alloc-counter: --cpu-profile: v8-profiler-next cannot profile on Node ${version} (${reason}); profiling with node:inspector instead\n`,
  );
  return 'inspector';
}
