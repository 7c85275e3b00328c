#!/usr/bin/env node
// Builds harness/native with node-gyp, against the headers of the Node that
// will load it: the V8 allocation-tracking addon (alloc_tracker.node) and, on
// Linux, the malloc interposer preloaded into children (malloc_counter.node,
// N-API, so ABI-stable across Node majors).
//
//   node scripts/build-native.mjs            build for this Node (npm ci runs this)
//   node scripts/build-native.mjs --strict   same, but exit 1 when the build fails
//   node scripts/build-native.mjs --node /path/to/bin/node --out DIR
//
// During `npm ci` a failed build only warns: the runner then refuses to count
// and says, in one line, how to fix it, instead of failing the whole install.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findNodeGyp } from './node-gyp.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, 'harness', 'native');
const { values } = parseArgs({
  options: {
    strict: { type: 'boolean', default: false },
    node: { type: 'string' },
    out: { type: 'string' },
  },
});

const nodeBinary = values.node ? resolve(values.node) : process.execPath;
const outDir = values.out ? resolve(values.out) : join(nativeDir, 'build', 'Release');

function fail(message) {
  const line = `alloc-counter: native addon not built: ${message}`;
  if (values.strict || values.node) {
    console.error(line);
    process.exit(1);
  }
  console.warn(`${line} (the runner will refuse to count until 'npm run build:native' succeeds)`);
  process.exit(0);
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) fail('node-gyp not found (it ships with npm; reinstall npm or `npm i -g node-gyp`)');

// The headers must be those of the Node that loads the addon: V8's C++ API is
// not ABI-stable across majors. A Node install keeps them in <prefix>/include/node.
const nodePrefix = resolve(dirname(nodeBinary), '..');
if (!existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) {
  fail(`no headers at ${join(nodePrefix, 'include', 'node')} for ${nodeBinary}`);
}

// Build in a scratch copy when targeting another Node, so that the default
// build in harness/native/build stays that of the Node running npm.
const buildDir = values.node ? mkdtempSync(join(tmpdir(), 'alloc-counter-native-')) : nativeDir;
if (values.node) cpSync(nativeDir, buildDir, { recursive: true, filter: (src) => !src.includes(`${nativeDir}/build`) });

const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodePrefix}`, '--directory', buildDir], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, npm_config_nodedir: nodePrefix },
});
if (result.status !== 0) {
  fail(`node-gyp exited with ${result.status ?? result.signal} (needs python3, make and g++)`);
}
const built = join(buildDir, 'build', 'Release', 'alloc_tracker.node');
if (!existsSync(built)) fail(`node-gyp produced no ${built}`);
const mallocCounter = join(buildDir, 'build', 'Release', 'malloc_counter.node');
if (process.platform === 'linux' && !existsSync(mallocCounter)) fail(`node-gyp produced no ${mallocCounter}`);
if (values.node) {
  mkdirSync(outDir, { recursive: true });
  copyFileSync(built, join(outDir, 'alloc_tracker.node'));
  if (existsSync(mallocCounter)) copyFileSync(mallocCounter, join(outDir, 'malloc_counter.node'));
  rmSync(buildDir, { recursive: true, force: true });
  console.log(`alloc-counter: built ${join(outDir, 'alloc_tracker.node')} for ${nodeBinary}`);
}
