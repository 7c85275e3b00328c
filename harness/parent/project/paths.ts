// Where the package's parts are, whether this file runs compiled (dist/) or from source (vitest).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'alloc-counter'
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`alloc-counter: no package.json of alloc-counter above ${from}`);
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
/** alloc-counter's own version (package.json), recorded in reports: merged shards must share it. */
export const harnessVersion = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;
/** The compiled harness the child runs; its files are the "harness frames" dropped from figures. */
export const compiledHarnessDir = join(packageRoot, 'dist', 'harness');
export const childEntry = join(compiledHarnessDir, 'child', 'entry.js');
export const defaultAddonPath = join(packageRoot, 'harness', 'native', 'build', 'Release', 'alloc_tracker.node');
/** The malloc interposer, preloaded into children on Linux (malloc_counter.c). */
export const defaultNativeCounterPath = join(
  packageRoot,
  'harness',
  'native',
  'build',
  'Release',
  'malloc_counter.node',
);
/** The virtual-time library, preloaded into counting children on Linux (vtime_clock.c). */
export const defaultVirtualTimePath = join(packageRoot, 'harness', 'native', 'build', 'Release', 'virtual_time.node');
export const defaultTestsDir = join(packageRoot, 'tests_04_performance', 'test_01_resources');
