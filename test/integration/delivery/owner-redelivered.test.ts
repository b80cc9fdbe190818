import { ROTATION_ENV } from '../../../contract/env/rotation';
import { seedUser } from '../../../emulator/iam-users';
import { longDate } from '../../../functions/notifier/content/dates';
import { createNotifierHandler } from '../../../functions/notifier/handler';
import type { NotificationMessage } from '../../../functions/core/messages/notification';
import { useMoto } from '../../harness/moto';
import { visibleText } from '../../unit/compliance/email-safe';
import { mailDuring, notifierEnv, prepare, recordingLogger, sqsEvent, sqsRecord } from '../notifier/fixture';
import { keysOf, OWNER_TAG } from '../rotation/fixture';
import { adminActions, adminNotes, runOn, T0, useDeliveryWorld } from './fixture';

/**
 * Issue 21, the owner's side: etl's owner is told at the rotation that GitHub
 * refused the new key (CRITICAL), and told at the run whose retry delivers it
 * that it got there, through the real rotation function on moto, an emulated
 * GitHub, and the real notifier.
 */
const moto = useMoto();
const delivery = useDeliveryWorld(moto);
const OWNER = 'data-team@example.com';

function ownerMessages(messages: readonly NotificationMessage[]): NotificationMessage[] {
  return messages.filter((message) => message.recipient.role === 'OWNER' && message.recipient.email === OWNER);
}

/** The owner's mails of a run, as the notifier sends them (its schema check included), in visible text. */
async function mailed(messages: readonly NotificationMessage[]): Promise<string[]> {
  const { logger } = recordingLogger();
  const notify = createNotifierHandler({ logger, env: notifierEnv() });
  const sent = await mailDuring(moto, async () => {
    for (const message of ownerMessages(messages)) expect(await notify(sqsEvent(sqsRecord(message)))).toEqual({ batchItemFailures: [] });
  });
  return sent.map((mail) => `${mail.subject}\n${visibleText(mail.body)}`);
}

beforeEach(async () => {
  await prepare(moto);
  await seedUser(moto, delivery.world.member, { name: 'etl', tags: { [OWNER_TAG]: OWNER }, keys: [{ ageDays: 0, lastUsedDaysAgo: 0 }] }, T0);
  await delivery.upload(delivery.yaml(`  - account: "${delivery.world.memberId}"\n    user: etl\n    deliver: [{ github: { repository: acme/etl } }]`));
});

describe("etl's owner hears that a delivery that failed got there at a later run", () => {
  it('day N: CRITICAL, the target and its status; a retry still failing mails nothing new; the run that delivers tells the owner, once', async () => {
    delivery.github.fail({ status: 502, times: 10_000, pathContains: '/repos/acme/etl/' });

    const rotated = await delivery.runAt(90);
    const [rotationMail, ...more] = await mailed(rotated.messages);
    expect(more).toEqual([]);
    expect(rotationMail).toMatch(/act now/);
    expect(rotationMail).toContain("etl's new key could not be delivered to GitHub acme/etl (HTTP 502). The old key stays active while a target lacks the new one");
    const newKey = (await keysOf(moto, delivery.world.member, 'etl')).at(-1)?.AccessKeyId ?? '';

    // The next run tries again and GitHub still answers 502: the admin has a note, the owner no new mail.
    const still = await delivery.runAt(91);
    expect(ownerMessages(still.messages)).toEqual([]);
    expect(adminNotes(still.messages)).toContain(`etl: key ${newKey} still not delivered to GitHub acme/etl on a later run (HTTP 502)`);

    // GitHub is back: the retry delivers, and the owner is told so.
    delivery.github.recover();
    const later = await delivery.runAt(92);
    expect(delivery.github.plaintext('/repos/acme/etl/actions/secrets', 'AWS_ACCESS_KEY_ID')).toBe(newKey);
    const [owner] = ownerMessages(later.messages);
    expect(owner?.users.map((user) => [user.userName, user.actions.map((action) => `${action.type}:${action.reason}:${action.outcome}:${action.keyId}`)])).toEqual([
      ['etl', [`DELIVER:DELIVERY_RETRIED:DONE:${newKey}`]],
    ]);
    const [deliveredMail, ...others] = await mailed(later.messages);
    expect(others).toEqual([]);
    const time = runOn(92).toISOString().slice(11, 16);
    expect(deliveredMail).toContain(`etl's new key ${newKey} reached GitHub acme/etl on a later run, at ${time} UTC on ${longDate(runOn(92))}. Nothing is left to copy by hand.`);
    expect(deliveredMail).not.toMatch(/act now/);

    // The admin's report says it once, as the action; the key ledger keeps it among the deliveries, not the history.
    expect(adminActions(later.messages, 'etl').map((action) => action.type)).toEqual(['DELIVER']);
    expect(adminNotes(later.messages).filter((note) => note.includes('on a later run'))).toEqual([]);
    const ledger = (await delivery.ledger())?.users.etl;
    expect(ledger?.actions.map((action) => action.action)).toEqual(['ROTATE']);
    expect(ledger?.deliveries.map((entry) => `${entry.keyId} ${entry.outcome}`)).toEqual([`${newKey} failed`, `${newKey} failed`, `${newKey} delivered`]);

    // Nothing left to retry: the next run does not tell it again.
    const after = await delivery.runAt(93);
    expect(ownerMessages(after.messages).flatMap((message) => message.users.flatMap((user) => user.actions)).filter((action) => action.type === 'DELIVER')).toEqual([]);
  });

  it('the old key kept on for the target is switched off by the run that delivers, and the owner is told both in one line', async () => {
    delivery.github.fail({ status: 502, times: 10_000, pathContains: '/repos/acme/etl/' });
    await delivery.runAt(90);
    const [oldKey, newKey] = (await keysOf(moto, delivery.world.member, 'etl')).map((key) => key.AccessKeyId ?? '');
    // The deactivation date: kept on for GitHub, CRITICAL.
    const due = await delivery.runAt(100);
    expect(ownerMessages(due.messages).flatMap((message) => message.users.flatMap((user) => user.actions.map((action) => `${action.type}:${action.reason}`)))).toEqual(['POSTPONE:DELIVERY_PENDING']);

    delivery.github.recover();
    const later = await delivery.runAt(101);
    expect(adminActions(later.messages, 'etl').map((action) => `${action.type}:${action.reason}:${action.keyId}`)).toEqual([`DELIVER:DELIVERY_RETRIED:${newKey}`, `DEACTIVATE:DEACTIVATION_DUE:${oldKey}`]);
    expect((await keysOf(moto, delivery.world.member, 'etl')).map((key) => key.Status)).toEqual(['Inactive', 'Active']);
    const [mail] = await mailed(later.messages);
    expect(mail).toContain(
      `etl's new key ${newKey} reached GitHub acme/etl on a later run, at ${runOn(101).toISOString().slice(11, 16)} UTC on ${longDate(runOn(101))}. Nothing is left to copy by hand, so the old key ${oldKey}, kept on past ${longDate(runOn(100))} while a target lacked the new one, was switched off in this run.`,
    );
    // One line for both: the switch-off is not told again on its own.
    expect(mail).not.toContain('was switched off today');
  });

  it('one of two failed targets recovers: the owner hears which got the key and which still lacks it, once in each mail', async () => {
    await delivery.upload(delivery.yaml(`  - account: "${delivery.world.memberId}"\n    user: etl\n    deliver: [{ github: { repository: acme/etl } }, { gitlab: { project: data/etl } }]`));
    delivery.github.fail({ status: 502, times: 10_000, pathContains: '/repos/acme/etl/' });
    delivery.gitlab.fail({ status: 503, times: 10_000, pathContains: 'data%2Fetl' });
    await delivery.runAt(90);
    const newKey = (await keysOf(moto, delivery.world.member, 'etl')).at(-1)?.AccessKeyId ?? '';

    // GitHub is back; GitLab still fails.
    delivery.github.recover();
    const later = await delivery.runAt(92);
    expect(adminActions(later.messages, 'etl')).toEqual([
      expect.objectContaining({ type: 'DELIVER', keyId: newKey, pendingDeliveries: [{ target: 'GitLab data/etl', failure: 'HTTP 503' }] }),
    ]);
    // The action names the target still failing: no note says it again.
    expect(adminNotes(later.messages).filter((note) => note.includes('on a later run'))).toEqual([]);
    const [mail, ...others] = await mailed(later.messages);
    expect(others).toEqual([]);
    expect(mail).toContain(`etl's new key ${newKey} reached GitHub acme/etl on a later run`);
    expect(mail).toContain('It still lacks GitLab data/etl (HTTP 503): the old key stays active while a target lacks the new one');
    expect(mail).not.toContain('Nothing is left to copy by hand');
    expect((await keysOf(moto, delivery.world.member, 'etl')).map((key) => key.Status)).toEqual(['Active', 'Active']);
  });

  it('audit mode never delivers, so nothing is told', async () => {
    delivery.github.fail({ status: 502, times: 10_000, pathContains: '/repos/acme/etl/' });
    await delivery.runAt(90);
    // GitHub is back, but an audit-mode run writes nothing anywhere.
    delivery.github.recover();
    const before = delivery.github.received.length;
    const audit = await delivery.runAt(91, { env: { [ROTATION_ENV.dryRun]: 'True' } });
    expect(audit.messages.flatMap((message) => message.users.flatMap((user) => user.actions)).filter((action) => action.type === 'DELIVER')).toEqual([]);
    expect(delivery.github.received.slice(before)).toEqual([]);
  });
});
