// A report file a command writes after its own output (JUnit XML, the HTML report): said
// where it went, or -- when it cannot be built or written -- said on the error stream,
// with exit 0 turned to 2 and any other exit code kept. What was printed before stands.
export interface Say {
  out(line: string): void;
  err(line: string): void;
}

export async function writeReportFile(kind: 'JUnit' | 'HTML', path: string, write: () => Promise<void>, code: number, say: Say): Promise<number> {
  try {
    await write();
    say.out(`${kind.toLowerCase()} report: ${path}`);
    return code;
  } catch (err) {
    say.err(`error: the ${kind} report could not be written to ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return code === 0 ? 2 : code;
  }
}
