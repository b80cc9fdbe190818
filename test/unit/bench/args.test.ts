import { parseArgs, repsFor } from '../../../bench/args';
import { LogMeter } from '../../../bench/log-meter';

describe('bench options', () => {
  it('accepts the new scenarios by id and by alias, and runs the 200-account baseline only on request', () => {
    const options = parseArgs(['--scenarios', 'org,pipeline-200x100,5000'], 'out.json');
    expect(options.scenarios).toEqual(['org-1000', 'pipeline-200x100', 'account-5000']);
    expect(options.largeBaseline).toBe(false);
    expect(parseArgs(['--large-baseline'], 'out.json')).toMatchObject({ largeBaseline: true });
    expect(() => parseArgs(['--scenarios', 'org-5000'], 'out.json')).toThrow('unknown scenario "org-5000"');
  });

  it('repeats the scenarios that take minutes once unless told otherwise', () => {
    const defaults = parseArgs([], 'out.json');
    expect([repsFor(defaults, 'pipeline-200x100'), repsFor(defaults, 'account-5000'), repsFor(defaults, 'org-1000')]).toEqual([1, 1, 3]);
    expect(repsFor(parseArgs(['--reps-large', '2'], 'out.json'), 'pipeline-200x100')).toBe(2);
  });
});

describe('log meter', () => {
  it('counts what is written to stdout and stderr while it runs, keeps it off the terminal, and puts the streams back', async () => {
    const meter = new LogMeter();
    const write = process.stdout.write;
    await meter.during(async () => {
      process.stdout.write('{"level":"INFO","message":"é"}\n');
      process.stderr.write(Buffer.from('second line\n'));
    });
    expect(process.stdout.write).toBe(write);
    expect(meter.lines).toBe(2);
    expect(meter.bytes).toBe(Buffer.byteLength('{"level":"INFO","message":"é"}\n') + Buffer.byteLength('second line\n'));
  });
});
