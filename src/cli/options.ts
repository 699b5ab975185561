// Argument parsers shared by the commands: each names the flag and the value it refused.
import { InvalidArgumentError } from 'commander';

export function parseNonNegativeInt(flag: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) > max) {
      throw new InvalidArgumentError(`${flag} takes a whole number from 0 to ${max}; got ${JSON.stringify(value)}`);
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
