// Flags read off argv before commander has parsed it: the watchdog's main thread must
// know the run timeout and the report path while the command runs in its worker.

/** Every value argv gives `flag`, spelled `--flag value` or `--flag=value`, in order. */
export function flagValues(argv: readonly string[], flag: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag && i + 1 < argv.length) values.push(argv[i + 1]);
    else if (argv[i].startsWith(`${flag}=`)) values.push(argv[i].slice(flag.length + 1));
  }
  return values;
}
