// The machine a benchmark ran on, for the report: ratios travel between machines better
// than times, but neither means much without this.
import { execFileSync } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';

export interface Machine {
  node: string;
  cpuModel: string;
  cores: number;
  os: string;
  memoryGiB: number;
  /** The commit benchmarked, and whether the tree had changes on top of it. */
  commit: string;
  date: string;
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim().length > 0;
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function describeMachine(): Machine {
  const all = cpus();
  return {
    node: process.version,
    cpuModel: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    os: `${platform()} ${release()}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    commit: commit(),
    date: new Date().toISOString(),
  };
}
