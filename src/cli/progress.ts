// Progress of a campaign: a cli-progress bar on a terminal, a plain line every tenth of
// the way otherwise (CI logs), nothing when quiet.
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function progressFor(total: number, stream: NodeJS.WriteStream, label: string): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      { format: `${label} [{bar}] {value}/{total} runs  {eta_formatted} left`, stream, hideCursor: true, clearOnComplete: false },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(Math.min(done, total)), stop: () => bar.stop() };
  }
  let nextMark = 1;
  return {
    update(done) {
      while (nextMark <= 10 && done >= (total * nextMark) / 10) {
        stream.write(`${label}: ${Math.min(done, total)}/${total} runs\n`);
        nextMark++;
      }
    },
    stop() {},
  };
}
