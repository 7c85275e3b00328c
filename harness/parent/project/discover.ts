// Which test files to run: the ones named, or every test_*.{ts,mts,js,mjs} file of the default folder.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

export const TEST_FILE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** test_*.ts and the like; declaration files (.d.ts, .d.mts) are not tests. */
function isTestFileName(name: string): boolean {
  return name.startsWith('test_') && TEST_FILE_EXTENSIONS.includes(extname(name)) && !/\.d\.m?ts$/.test(name);
}

export function discoverTestFiles(named: string[], defaultDir: string, cwd = process.cwd()): string[] {
  if (named.length === 0) {
    if (!existsSync(defaultDir)) throw new UsageError(`no test folder ${defaultDir}`);
    const files = readdirSync(defaultDir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && isTestFileName(entry.name))
      .map((entry) => entry.name)
      .sort()
      .map((name) => join(defaultDir, name));
    if (files.length === 0) throw new UsageError(`no test_*${TEST_FILE_EXTENSIONS.join(', ')} files in ${defaultDir}`);
    return files;
  }
  const seen = new Set<string>();
  const files: string[] = [];
  for (const name of named) {
    const file = resolve(cwd, name);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such test file: ${name}`);
    if (!TEST_FILE_EXTENSIONS.includes(extname(file))) {
      throw new UsageError(`${name}: a test file must end in ${TEST_FILE_EXTENSIONS.join(', ')}`);
    }
    if (!seen.has(file)) files.push(file);
    seen.add(file);
  }
  return files;
}
