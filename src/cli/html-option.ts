// `--html FILE` on run, replay and trace: the report of the run the command shows. The
// path is checked before any run starts, and the report is written after the command's
// own output, so a file that cannot be written costs nothing else.
import { checkWritableFile, writeOutputFile } from '../env/output-file';

export const HTML_FLAG = '--html';
export const HTML_HELP = 'also write the run as a self-contained HTML swimlane report to this file';

/** The file argv asks the report written to, read before the command has parsed anything (the watchdog's view). */
export function htmlPathFrom(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === HTML_FLAG) return argv[i + 1];
    if (argv[i].startsWith(`${HTML_FLAG}=`)) return argv[i].slice(HTML_FLAG.length + 1);
  }
  return undefined;
}

export function checkHtmlPath(path: string | undefined): void {
  if (path !== undefined) checkWritableFile(HTML_FLAG, path);
}

export async function writeHtmlReport(path: string, html: () => string, out: (line: string) => void): Promise<void> {
  await writeOutputFile(HTML_FLAG, path, html());
  out(`html report: ${path}`);
}
