// `--html FILE` on run, replay and trace: the report of the run the command shows. The
// path is checked before any run starts, and the report is written after the command's
// own output, so a file that cannot be written costs nothing else.
import type { Failure, WriterRef } from '../campaign/failure';
import { nodeTextFile } from '../env/node-env';
import { checkWritableFile } from '../env/output-file';
import { failureReportHtml } from '../report/run-report';
import { flagValues } from './argv-peek';
import { writeReportFile, type Say } from './report-file';

export const HTML_FLAG = '--html';
export const HTML_HELP = 'also write the run as a self-contained HTML swimlane report to this file';

/** The file argv asks the report written to, read before the command has parsed anything (the watchdog's view). */
export function htmlPathFrom(argv: readonly string[]): string | undefined {
  return flagValues(argv, HTML_FLAG)[0];
}

export function checkHtmlPath(path: string | undefined): void {
  if (path !== undefined) checkWritableFile(HTML_FLAG, path);
}

/** Builds and writes the report (see writeReportFile: a failure to is an error line, exit 0 becomes 2). */
export function writeHtmlReport(path: string, html: () => string, code: number, say: Say): Promise<number> {
  return writeReportFile('HTML', path, () => nodeTextFile(path).write(html()), code, say);
}

/** `run --html` and `replay --html`: the failure's report, or a line saying none was written because nothing failed. */
export async function writeFailureHtml(path: string | undefined, failure: Failure | undefined, ref: WriterRef, code: number, say: Say): Promise<number> {
  if (path === undefined) return code;
  if (!failure) {
    say.out(`html report: none written to ${path} -- nothing failed`);
    return code;
  }
  return writeHtmlReport(path, () => failureReportHtml(failure, ref), code, say);
}
