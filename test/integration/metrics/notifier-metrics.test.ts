import { MAIL_METRICS, METRICS_NAMESPACE } from '../../../contract/metrics';
import type { ResultAction } from '../../../functions/core/messages/notification';
import { createNotifierHandler } from '../../../functions/notifier/handler';
import { isEmf, parseEmf, stdoutOf, type EmfLine } from '../../harness/emf';
import { useMoto } from '../../harness/moto';
import { FaultInjector } from '../../harness/sdk-plugins';
import { ADMIN, mailDuring, message, notifierEnv, prepare, recordingLogger, sqsEvent, sqsRecord, storeClosedRun } from '../notifier/fixture';

/**
 * The notifier's metrics as CloudWatch would read them: one EMF line per
 * invocation on stdout, whose counts match the mail moto's SES received.
 */
const moto = useMoto();

beforeAll(() => prepare(moto));

const reminder = (milestone: number): ResultAction => ({
  type: 'WARN',
  keyId: 'AKIAMETRICSKEY000001',
  reason: 'DEACTIVATION_UPCOMING',
  severity: 'INFO',
  dueAt: '2026-12-08T00:00:00.000Z',
  announces: 'DEACTIVATE',
  milestone,
  outcome: 'PLANNED',
});

async function invoke(event: unknown, faults?: FaultInjector): Promise<{ lines: EmfLine[]; mails: number }> {
  const handler = createNotifierHandler({ logger: recordingLogger().logger, env: notifierEnv(), ...(faults ? { aws: { plugins: [faults.plugin] } } : {}) });
  let lines: string[] = [];
  const mail = await mailDuring(moto, async () => {
    ({ lines } = await stdoutOf(() => handler(event)));
  });
  expect(lines.every(isEmf)).toBe(true);
  return { lines: lines.map(parseEmf), mails: mail.length };
}

const owner = (email: string, actions: readonly ResultAction[]) => message({ recipient: { email, role: 'OWNER' }, users: [{ userName: 'svc-deploy', actions }] });

describe('notifier metrics (EMF on stdout)', () => {
  test('mails sent and reminders in them, once per invocation; a reminder told before is neither mailed nor counted', async () => {
    const first = await invoke(sqsEvent(sqsRecord(owner('metrics-a@example.com', [reminder(7)])), sqsRecord(owner('metrics-b@example.com', [reminder(7)]))));
    expect(first.mails).toBe(2);
    expect(first.lines).toHaveLength(1);
    const [line] = first.lines as [EmfLine];
    expect(line.namespace).toBe(METRICS_NAMESPACE);
    expect(line.dimensionSets).toEqual([['service']]);
    expect(line.dimensions).toEqual({ service: 'notifier' });
    expect(line.values).toEqual({ [MAIL_METRICS.sent]: 2, [MAIL_METRICS.remindersSent]: 2, [MAIL_METRICS.failed]: 0 });

    const again = await invoke(sqsEvent(sqsRecord(owner('metrics-a@example.com', [reminder(7)]))));
    expect(again.mails).toBe(0);
    expect(again.lines.map((l) => l.values)).toEqual([{ [MAIL_METRICS.failed]: 0 }]);
  });

  test('a message returned to the queue and a mail rejected for good are both failed mails', async () => {
    const transient = await invoke(sqsEvent(sqsRecord(owner('metrics-c@example.com', [reminder(1)]))), new FaultInjector('TooManyRequestsException').failNext('SendEmail'));
    expect(transient.mails).toBe(0);
    expect(transient.lines.map((l) => l.values)).toEqual([{ [MAIL_METRICS.failed]: 1 }]);

    const rejected = await invoke(sqsEvent(sqsRecord(message({ recipient: { email: 'metrics-d@example.com', role: 'ACCOUNT' } }))), new FaultInjector('MessageRejected').failNext('SendEmail'));
    expect(rejected.lines.map((l) => l.values)).toEqual([{ [MAIL_METRICS.failed]: 1 }]);
  });

  test('a closed run\'s digest is a mail and a digest', async () => {
    const report = message({ recipient: { email: ADMIN, role: 'ADMIN' } });
    const digest = await storeClosedRun(moto, 'metrics-run-1', [report]);
    const { lines, mails } = await invoke(sqsEvent(sqsRecord(digest)));
    expect(mails).toBe(1);
    expect(lines.map((l) => l.values)).toEqual([{ [MAIL_METRICS.sent]: 1, [MAIL_METRICS.digestsSent]: 1, [MAIL_METRICS.failed]: 0 }]);
  });
});
