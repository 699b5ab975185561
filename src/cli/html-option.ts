// `--html FILE` on run, replay and trace: the report of the run the command shows. The
// path is checked before any run starts, and the report is written after the command's
// own output, so a file that cannot be written costs nothing else.
import { checkWritableFile, writeOutputFile } from '../env/output-file';

export const HTML_FLAG = '--html';
export const HTML_HELP = 'also write the run as a self-contained HTML swimlane report to this file';

export function checkHtmlPath(path: string | undefined): void {
  if (path !== undefined) checkWritableFile(HTML_FLAG, path);
}

export async function writeHtmlReport(path: string, html: () => string, out: (line: string) => void): Promise<void> {
  await writeOutputFile(HTML_FLAG, path, html());
  out(`html report: ${path}`);
}
