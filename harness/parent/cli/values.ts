// Parsers of option values. Each names the flag as it was typed and says what
// it expected, so a bad value is one line, exit 2.
import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Shard } from '../project/shard.js';

/** Turns the text given after `flag` into the option's value, or throws a UsageError. */
export type ValueParser<T> = (raw: string, flag: string) => T;

export function integer(min: number): ValueParser<number> {
  return (raw, flag) => {
    if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) < min) {
      throw new UsageError(`${flag} ${JSON.stringify(raw)}: expected an integer >= ${min}`);
    }
    return Number(raw);
  };
}

export const percentage: ValueParser<number> = (raw, flag) => {
  const value = Number(raw.replace(/%$/, ''));
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`${flag} ${JSON.stringify(raw)}: expected a percentage >= 0, such as 2 or 2%`);
  }
  return value;
};

/** One of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): ValueParser<T> {
  return (raw, flag) => {
    if (!(choices as readonly string[]).includes(raw)) {
      throw new UsageError(`${flag} ${JSON.stringify(raw)}: expected one of ${choices.join(', ')}`);
    }
    return raw as T;
  };
}

/** A file or folder name; whether it exists is checked where it is used. */
export const path: ValueParser<string> = (raw, flag) => {
  if (raw.trim() === '') throw new UsageError(`${flag} "": expected a path`);
  return raw;
};

export const existingFolder: ValueParser<string> = (raw, flag) => {
  if (!existsSync(path(raw, flag)) || !statSync(raw).isDirectory()) {
    throw new UsageError(`${flag} ${raw}: no such folder`);
  }
  return raw;
};

/** --node: a path, a major or a version; resolved (and fetched or not) in run/runtime.ts. */
export const nodeSpec: ValueParser<string> = (raw, flag) => {
  if (raw.trim() === '') throw new UsageError(`${flag} "": expected a node binary's path, a major (24) or a version`);
  return raw;
};

/** --shard i/n: shard i of n, 1 <= i <= n. */
export const shard: ValueParser<Shard> = (raw, flag) => {
  const match = /^([0-9]+)\/([0-9]+)$/.exec(raw);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(count) || index < 1 || count < 1 || index > count) {
    throw new UsageError(`${flag} ${JSON.stringify(raw)}: expected i/n with 1 <= i <= n, such as 1/4`);
  }
  return { index, count };
};
