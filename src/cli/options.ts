// Argument parsers for the commands: each names the flag and the value it refused.
import { InvalidArgumentError } from 'commander';
import type { Shard } from '../campaign/campaign';
import { FAST_CHECK_PATH } from '../campaign/failure';
import { parseProfile, STRATEGY_MIXES, UnknownProfileError, type ProfileName, type StrategyMix } from '../campaign/profiles';

export function parseNonNegativeInt(flag: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) > max) {
      throw new InvalidArgumentError(`${flag} takes a whole number from 0 to ${max}; got ${JSON.stringify(value)}`);
    }
    return Number(value);
  };
}

export function parsePositiveInt(flag: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
      throw new InvalidArgumentError(`${flag} takes a whole number from 1 to ${max}; got ${JSON.stringify(value)}`);
    }
    return Number(value);
  };
}

/** fast-check seeds are 32-bit signed integers. */
export function parseSeed(value: string): number {
  if (!/^-?\d+$/.test(value) || Math.abs(Number(value)) > 2 ** 31 - 1) {
    throw new InvalidArgumentError(`--seed takes a 32-bit integer; got ${JSON.stringify(value)}`);
  }
  return Number(value) | 0;
}

/** A flag that takes one of a few words. */
export function parseChoice<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    const found = choices.find((c) => c === value);
    if (found === undefined) throw new InvalidArgumentError(`${flag} is ${choices.join(' or ')}; got ${JSON.stringify(value)}`);
    return found;
  };
}

export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError(`--shard takes I/N with 1 <= I <= N, e.g. 2/4; got ${JSON.stringify(value)}`);
  }
  return { index, count };
}

export function parsePath(value: string): string {
  if (!FAST_CHECK_PATH.test(value)) throw new InvalidArgumentError(`--path takes a fast-check path such as 0:1:3; got ${JSON.stringify(value)}`);
  return value;
}

/** `--strategy`: which scheduling strategies the runs draw. */
export const parseStrategy = parseChoice<StrategyMix>('--strategy', STRATEGY_MIXES);

export function parseProfileOption(value: string): ProfileName {
  try {
    return parseProfile(value);
  } catch (err) {
    if (err instanceof UnknownProfileError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}
