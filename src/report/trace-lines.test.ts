// The report reads a trace as `trace --format jsonl` prints it, and refuses what is not one.
import { writerForVariant } from '../adapters/variants';
import { singleHandleScenario } from '../sim/scenario';
import { simulate } from '../sim/simulation';
import { TRACE_FORMAT } from '../sim/trace';
import { traceJsonl } from './html-report';
import { parseTraceLines, TraceLinesError } from './trace-lines';

describe('reading a JSON-lines trace', () => {
  test('gives back the entries and the very lines the run hashed, and their hash is the trace hash', async () => {
    const run = await simulate(writerForVariant('reference'), singleHandleScenario([{ kind: 'append', durable: 2, transient: 0 }, { kind: 'flush' }], [], 7));
    const read = parseTraceLines(traceJsonl(run));
    expect(read.hash).toBe(run.hash);
    expect(read.entries).toEqual(run.trace.entries);
    expect(read.lines.join('\n') + '\n').toBe(run.trace.toJsonLines());
  });

  test('reads what `trace --format jsonl` prints, its closing hash line included, and holds it to the lines', async () => {
    const run = await simulate(writerForVariant('reference'), singleHandleScenario([{ kind: 'append', durable: 1, transient: 0 }], [], 7));
    const printed = `${traceJsonl(run)}trace-hash: ${run.hash}\n`;
    expect(parseTraceLines(printed).hash).toBe(run.hash);
    const lines = printed.trimEnd().split('\n');
    const dropped = [...lines.slice(0, 2), ...lines.slice(3)].join('\n');
    expect(() => parseTraceLines(dropped, 'cut.jsonl')).toThrow(
      new TraceLinesError(`cut.jsonl line ${lines.length - 1}`, `the trace says its hash is ${run.hash}, but its lines hash to ${parseTraceLines(dropped.replace(/\ntrace-hash: .*$/, '')).hash}: lines were changed or lost`),
    );
  });

  test('refuses a file without the format line, naming line 1', () => {
    expect(() => parseTraceLines('{"step":0,"t":0,"kind":"end","result":"completed"}\n', 'run.jsonl')).toThrow(
      new TraceLinesError('run.jsonl line 1', `not a rollout-sim trace: the first line must be ${JSON.stringify(TRACE_FORMAT)}`),
    );
  });

  test('refuses another version of the format, saying which it reads', () => {
    expect(() => parseTraceLines('{"format":"rollout-sim-trace","version":1}\n')).toThrow(/trace line 1: trace format version 1; this rollout-sim reads version 2/);
  });

  test('names the line of an entry that is torn or not an entry', () => {
    const header = JSON.stringify(TRACE_FORMAT);
    expect(() => parseTraceLines(`${header}\n{"step":0,"t":0,"kind":"end","result":"completed"}\n{"step":1,"t":1,"ki`, 'x.jsonl')).toThrow(/^x\.jsonl line 3: not JSON/);
    expect(() => parseTraceLines(`${header}\n{"step":0,"t":0,"kind":"teleport"}\n`, 'x.jsonl')).toThrow(/^x\.jsonl line 2: not a trace entry .*teleport/);
    expect(() => parseTraceLines(`${header}\n[1,2]\n`)).toThrow(TraceLinesError);
  });
});
