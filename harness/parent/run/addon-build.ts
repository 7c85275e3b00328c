// The addon for the Node running the runner is built by npm's install script;
// installed with `npm i --ignore-scripts`, it is built here on first use instead.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** Builds `addonPath` (this Node's addon) with scripts/build-native.mjs when it is missing; says so while it builds. */
export function buildAddonOnFirstUse(addonPath: string, packageRoot: string): void {
  if (existsSync(addonPath)) return;
  process.stderr.write(
    `alloc-counter: building the allocation-tracking addon for Node ${process.version} (once: npm's install script did not run)...\n`,
  );
  try {
    execFileSync(process.execPath, [join(packageRoot, 'scripts', 'build-native.mjs'), '--strict'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    const line = stderr.trim().split('\n').pop() ?? (error as Error).message;
    throw new UsageError(`cannot build the allocation-tracking addon: ${line}`);
  }
}
