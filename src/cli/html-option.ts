// `--html FILE` on run, replay and trace: the report of the run the command shows. The
// path is checked before any run starts, and the report is written after the command's
// own output, so a file that cannot be written costs nothing else.
import { checkWritableFile, writeOutputFile } from '../env/output-file';
import { flagValues } from './argv-peek';

export const HTML_FLAG = '--html';
export const HTML_HELP = 'also write the run as a self-contained HTML swimlane report to this file';

/** The file argv asks the report written to, read before the command has parsed anything (the watchdog's view). */
export function htmlPathFrom(argv: readonly string[]): string | undefined {
  return flagValues(argv, HTML_FLAG)[0];
}

export function checkHtmlPath(path: string | undefined): void {
  if (path !== undefined) checkWritableFile(HTML_FLAG, path);
}

/**
 * Writes the report and says where; a report that cannot be built or written is said on
 * the error stream, and the command's exit code becomes 2 if it was 0 -- what the command
 * printed before stands, and a failure keeps its exit code 1.
 */
export async function writeHtmlReport(path: string, html: () => string, code: number, say: { out(line: string): void; err(line: string): void }): Promise<number> {
  try {
    await writeOutputFile(HTML_FLAG, path, html());
    say.out(`html report: ${path}`);
    return code;
  } catch (err) {
    say.err(`error: the HTML report could not be written to ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return code === 0 ? 2 : code;
  }
}
