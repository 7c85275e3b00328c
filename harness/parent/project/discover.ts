// Which test files to run: the files, folders and globs named on the command
// line, or else the project's test folders (or globs). A folder stands for
// every test_*.{ts,mts,js,mjs} file in it and its subfolders (node_modules and
// dot-folders skipped); a file named on its own runs whatever its name.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';

export const TEST_FILE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
const NO_TEST_FILES = `no test_*${TEST_FILE_EXTENSIONS.join(', ')} files in`;

/** test_*.ts and the like; declaration files (.d.ts, .d.mts) are not tests. */
function isTestFileName(name: string): boolean {
  return name.startsWith('test_') && TEST_FILE_EXTENSIONS.includes(extname(name)) && !/\.d\.m?ts$/.test(name);
}

/** Every file below `dir`, sorted by path; folders named node_modules or starting with a dot are skipped. */
function filesBelow(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...filesBelow(path));
    } else if (entry.isFile()) found.push(path);
  }
  return found;
}

function testFilesIn(dir: string): string[] {
  const files = filesBelow(dir).filter((file) => isTestFileName(file.slice(file.lastIndexOf(sep) + 1)));
  if (files.length === 0) throw new UsageError(`${NO_TEST_FILES} ${dir}`);
  return files;
}

const GLOB_CHARS = /[*?[]/;

/** `**` any folders, `*` and `?` within one name, `[...]` a class: the glob as a regular expression. */
function globRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end === -1) throw new UsageError(`${glob}: an unclosed '[' in a glob`);
      source += `[${glob
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\')}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The test files a glob matches, below its folder part without wildcards. */
function testFilesMatching(glob: string, base: string): string[] {
  const absolute = resolve(base, glob).split(sep).join('/');
  const firstWild = absolute.search(GLOB_CHARS);
  const root = absolute.slice(0, absolute.lastIndexOf('/', firstWild) + 1) || '/';
  const pattern = globRegExp(absolute.slice(root.length));
  const files = existsSync(root)
    ? filesBelow(root).filter((file) => pattern.test(relative(root, file).split(sep).join('/')))
    : [];
  const tests = files.filter((file) => TEST_FILE_EXTENSIONS.includes(extname(file)) && !/\.d\.m?ts$/.test(file));
  if (tests.length === 0) throw new UsageError(`no test files match ${glob}`);
  return tests;
}

function namedFile(name: string, file: string): string {
  if (!TEST_FILE_EXTENSIONS.includes(extname(file))) {
    throw new UsageError(`${name}: a test file must end in ${TEST_FILE_EXTENSIONS.join(', ')}`);
  }
  return file;
}

/** What one argument (or configured entry) stands for. `missing` words the error for a path that is not there. */
function expand(name: string, base: string, missing: (name: string) => string): string[] {
  const path = resolve(base, name);
  if (existsSync(path)) return statSync(path).isDirectory() ? testFilesIn(path) : [namedFile(name, path)];
  if (GLOB_CHARS.test(name)) return testFilesMatching(name, base);
  throw new UsageError(missing(name));
}

/**
 * `named`: the command line's files, folders and globs, relative to `cwd`;
 * when none, `defaults`: the project's test folders or globs (absolute, or
 * relative to `cwd`). In the order given, each file once.
 */
export function discoverTestFiles(named: string[], defaults: string[], cwd = process.cwd()): string[] {
  const entries = named.length > 0 ? named : defaults;
  const missing =
    named.length > 0 ? (name: string) => `no such test file: ${name}` : (name: string) => `no test folder ${name}`;
  const files = new Set<string>();
  for (const entry of entries) for (const file of expand(entry, cwd, missing)) files.add(file);
  return [...files];
}
