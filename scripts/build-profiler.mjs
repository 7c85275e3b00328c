#!/usr/bin/env node
// Builds v8-profiler-next's binding (the --cpu-profile profiler) for another
// Node than the one npm installed it with, against that Node's own headers:
// V8's C++ API is not ABI-stable across majors. `npm ci` builds it for the
// Node running npm (its own install script); the runner calls this on first
// use of --cpu-profile with --node.
//
//   node scripts/build-profiler.mjs --node /path/to/bin/node
//
// The binary goes where the package's loader looks for it:
// build/binding/Release/node-v<ABI>-<platform>-<arch>/profiler.node.
// `node-gyp rebuild` wipes build/, so it is built in a scratch copy.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findNodeGyp } from './node-gyp.mjs';

const { values } = parseArgs({ options: { node: { type: 'string' } } });
if (!values.node) {
  console.error('build-profiler: give --node /path/to/bin/node');
  process.exit(2);
}
const nodeBinary = resolve(values.node);

function fail(message) {
  console.error(`alloc-counter: v8-profiler-next not built for ${nodeBinary}: ${message}`);
  process.exit(1);
}

const require = createRequire(import.meta.url);
let packageDir;
let nanParent;
try {
  packageDir = dirname(require.resolve('v8-profiler-next/package.json'));
  // binding.gyp finds nan's headers with `node -e "require('nan')"` from the build folder.
  nanParent = dirname(dirname(createRequire(join(packageDir, 'package.json')).resolve('nan/package.json')));
} catch {
  fail('the package is not installed (npm install v8-profiler-next)');
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) fail('node-gyp not found (it ships with npm; reinstall npm or `npm i -g node-gyp`)');
const nodePrefix = resolve(dirname(nodeBinary), '..');
if (!existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) {
  fail(`no headers at ${join(nodePrefix, 'include', 'node')}`);
}
// The folder name the package's loader (@xprofiler/node-pre-gyp) looks in.
const abiExpression = "'node-v' + process.versions.modules + '-' + process.platform + '-' + process.arch";
const probe = spawnSync(nodeBinary, ['-p', abiExpression], {
  encoding: 'utf8',
});
if (probe.status !== 0) fail(`cannot run it: ${probe.stderr.trim().split('\n')[0]}`);
const abiFolder = probe.stdout.trim();

const buildDir = mkdtempSync(join(tmpdir(), 'alloc-counter-profiler-'));
try {
  for (const name of ['binding.gyp', 'src', 'package.json'])
    cpSync(join(packageDir, name), join(buildDir, name), { recursive: true });
  // The package's own post-build copy step is off: the binary is copied below.
  writeFileSync(join(buildDir, 'config.gypi'), JSON.stringify({ variables: { action_after_build: 'false' } }));
  const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodePrefix}`, '--directory', buildDir], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, npm_config_nodedir: nodePrefix, NODE_PATH: nanParent },
  });
  process.stderr.write(result.stderr ?? '');
  if (result.status !== 0) {
    const firstError = (result.stderr ?? '')
      .split('\n')
      .find((line) => /\berror\b/.test(line) && !line.startsWith('gyp'));
    fail(firstError?.trim() ?? `node-gyp exited with ${result.status ?? result.signal} (needs python3, make and g++)`);
  }
  const built = join(buildDir, 'build', 'Release', 'profiler.node');
  if (!existsSync(built)) fail(`node-gyp produced no ${built}`);
  const outDir = join(packageDir, 'build', 'binding', 'Release', abiFolder);
  mkdirSync(outDir, { recursive: true });
  copyFileSync(built, join(outDir, 'profiler.node'));
  console.log(`alloc-counter: built ${join(outDir, 'profiler.node')} for ${nodeBinary}`);
} finally {
  rmSync(buildDir, { recursive: true, force: true });
}
