import { METRICS_DISABLED, METRICS_NAMESPACE, type Mode } from '../../../contract/metrics';
import { createMetrics } from '../../../functions/core/metrics/metrics';
import { scrubber } from '../../../functions/core/scrub/scrub';
import { parseEmf, stdoutOf } from '../../harness/emf';

/** The functions' one way to write metrics (Powertools Metrics behind it), read back as CloudWatch would. */
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function collect(service = 'rotation') {
  const lines: string[] = [];
  return { metrics: createMetrics(service, { sink: (line) => lines.push(line) }), lines };
}

describe('createMetrics', () => {
  test('publish writes one EMF line now, under its dimensions; counts are summed and written by flush, once', () => {
    const { metrics, lines } = collect();
    metrics.count('AccountRunsFailed');
    metrics.publish({ KeysRotated: 3, KeysDeleted: 0 }, { Mode: 'enforce' });
    metrics.count('AccountRunsFailed', 2);
    expect(lines.map(parseEmf).map((line) => [line.namespace, line.dimensions, line.values])).toEqual([
      [METRICS_NAMESPACE, { service: 'rotation', Mode: 'enforce' }, { KeysRotated: 3, KeysDeleted: 0 }],
    ]);
    metrics.flush();
    metrics.flush();
    expect(lines.slice(1).map(parseEmf).map((line) => [line.dimensions, line.values])).toEqual([[{ service: 'rotation' }, { AccountRunsFailed: 3 }]]);
  });

  test('the dimensions of one line do not leak into the next', () => {
    const { metrics, lines } = collect();
    metrics.publish({ KeysRotated: 1 }, { Mode: 'audit' });
    metrics.publish({ KeysOverdue: 4 });
    expect(lines.map(parseEmf).map((line) => line.dimensionSets)).toEqual([[['service', 'Mode']], [['service']]]);
  });

  test('POWERTOOLS_SERVICE_NAME names the service dimension, as the template sets it; POWERTOOLS_METRICS_DISABLED silences it', () => {
    process.env.POWERTOOLS_SERVICE_NAME = 'asa-rotation';
    const named = collect();
    named.metrics.publish({ KeysRotated: 1 });
    expect(parseEmf(named.lines[0] ?? '').dimensions).toEqual({ service: 'asa-rotation' });

    process.env[METRICS_DISABLED] = 'true';
    const quiet = collect();
    quiet.metrics.publish({ KeysRotated: 1 });
    quiet.metrics.count('AccountRunsFailed');
    quiet.metrics.flush();
    expect(quiet.lines).toEqual([]);
  });

  test('every line passes the scrubber, like every log line', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzMETRICS';
    scrubber.remember(secret);
    const { metrics, lines } = collect();
    // Not possible through the types (Mode is a closed set): forced here to prove the line is scrubbed all the same.
    metrics.publish({ KeysRotated: 1 }, { Mode: secret as Mode });
    expect(lines.join('\n')).not.toContain(secret);
  });

  test('by default the line goes to stdout, where Lambda sends it to CloudWatch Logs', async () => {
    const { lines } = await stdoutOf(async () => createMetrics('notifier').publish({ MailsSent: 2 }));
    expect(lines.map(parseEmf).map((line) => line.values)).toEqual([{ MailsSent: 2 }]);
  });
});
