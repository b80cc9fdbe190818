/**
 * Where delivery outcomes are kept (docs/delivery.md, "What is recorded"): the
 * key ledger, and the tags beside the secret when there is no ledger, when
 * they were written before it (migration), and when the ledger cannot be saved.
 */
import { PENDING_DELIVERY_SUFFIX, secretName } from '../../../contract/names';
import { FaultInjector } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';
import { keysOf, secretOf } from '../rotation/fixture';
import { adminActions, adminNotes, puts, REPO, runOn, useDeliveryWorld } from './fixture';

const moto = useMoto();
const delivery = useDeliveryWorld(moto);
const USER = 'ci-deployer';
const day = (n: number): string => runOn(n).toISOString().slice(0, 10);
const isLedger = (input: Record<string, unknown>): boolean => String(input.Key).includes('/Ledger/');

/** S3 fails to read the ledger (not a missing one: then it is rebuilt): the run goes on without it. */
const ledgerUnreadable = (): FaultInjector => new FaultInjector().failNext('GetObject', 1, isLedger);
/** The ledger cannot be written at the end of the run. */
const ledgerUnwritable = (): FaultInjector => new FaultInjector().failNext('PutObject', 1, isLedger);

/** The delivery tags on the key's secret: `<key id> <time> <status> OK|FAILED` per target. */
async function tagRecords(): Promise<string[]> {
  const secret = await secretOf(moto, delivery.world.member, secretName(delivery.world.memberId, USER));
  return Object.entries(secret?.tags ?? {})
    .filter(([key]) => key.startsWith('IAMKeyRotationDelivery:'))
    .map(([, value]) => value)
    .sort();
}

/** The ledger's records of GitHub acme/app: `<day> <key id> <outcome> <status>`. */
async function repoRecords(): Promise<string[]> {
  return ((await delivery.ledger())?.users[USER]?.deliveries ?? []).filter((entry) => entry.label === 'GitHub acme/app' || entry.target.startsWith('github:repo:')).map((entry) => `${entry.at.slice(0, 10)} ${entry.keyId} ${entry.outcome} ${entry.status ?? entry.code ?? ''}`);
}

const newKeyId = async (): Promise<string> => (await keysOf(moto, delivery.world.member, USER)).at(-1)?.AccessKeyId ?? '';
const failGitHubRepo = (): void => delivery.github.fail({ status: 503, times: 10_000, pathContains: '/repos/acme/app/actions' });

describe('without a key ledger the outcomes are kept beside the secret', () => {
  it('records a failure as a tag and retries it from there at the next run', async () => {
    failGitHubRepo();
    await delivery.runAt(90, { plugins: [ledgerUnreadable().plugin] });
    const key = await newKeyId();
    expect(await delivery.ledger()).toBeUndefined();
    const tags = await tagRecords();
    expect(tags).toHaveLength(5);
    expect(tags.filter((value) => value.endsWith(' FAILED'))).toEqual([`${key} ${runOn(90).toISOString()} 503 FAILED`]);

    delivery.github.recover();
    const retried = await delivery.runAt(95, { plugins: [ledgerUnreadable().plugin] });
    expect(adminActions(retried.messages, USER).find((action) => action.type === 'DELIVER')).toMatchObject({ keyId: key, deliveries: [{ target: 'GitHub acme/app', delivered: true }] });
    expect(delivery.github.plaintext(REPO, 'AWS_ACCESS_KEY_ID')).toBe(key);
    expect((await tagRecords()).filter((value) => value.endsWith(' FAILED'))).toEqual([]);
  });
});

describe('migration: tag records written before the ledger are read once', () => {
  it('a failing target in the tags is neither forgotten nor the delivered ones sent again; the old key stays held', async () => {
    failGitHubRepo();
    // Before this version: the account has no delivery records in its ledger, only tags.
    await delivery.runAt(90, { plugins: [ledgerUnreadable().plugin] });
    const key = await newKeyId();
    const written = [puts(delivery.github), puts(delivery.gitlab)];

    // The first run with the ledger reads the tags, retries only the failing target, and keeps both in the ledger.
    const first = await delivery.runAt(95);
    expect(adminNotes(first.messages)).toContain(`${USER}: key ${key} still not delivered to GitHub acme/app on a later run (HTTP 503)`);
    expect(puts(delivery.gitlab)).toBe(written[1]);
    expect(await repoRecords()).toEqual([`${day(90)} ${key} failed 503`, `${day(95)} ${key} failed 503`]);
    const migrated = (await delivery.ledger())?.users[USER];
    expect(migrated?.deliveries.filter((entry) => entry.outcome === 'delivered')).toHaveLength(4);
    expect(migrated?.deliveryTags).toEqual({ readFor: key, present: true });

    // The old key is held at its date, from the ledger's record.
    const due = await delivery.runAt(100);
    expect(adminActions(due.messages).find((action) => action.type === 'POSTPONE')).toMatchObject({ reason: 'DELIVERY_PENDING', severity: 'CRITICAL', pendingDeliveries: [{ target: 'GitHub acme/app', failure: 'HTTP 503' }] });
    expect((await keysOf(moto, delivery.world.member, USER)).map((listed) => listed.Status)).toEqual(['Active', 'Active']);

    // Once delivered, the old tags are brought up to date too: they never contradict the ledger, should it ever be lost.
    delivery.github.recover();
    await delivery.runAt(101);
    expect(delivery.github.plaintext(REPO, 'AWS_ACCESS_KEY_ID')).toBe(key);
    expect((await tagRecords()).filter((value) => value.endsWith(' FAILED'))).toEqual([]);
    expect((await keysOf(moto, delivery.world.member, USER)).map((listed) => listed.Status)).toEqual(['Inactive', 'Active']);
    expect(puts(delivery.gitlab)).toBe(written[1]);
  });

  it('a user without tag records costs one look, once', async () => {
    // Day 80, nothing due: the key is not even listed before delivery looks, so the look is for the user, not a key id.
    await delivery.runAt(80);
    expect((await delivery.ledger())?.users[USER]?.deliveryTags).toEqual({ present: false });
    const counted = new FaultInjector();
    // A second run does not look again: DescribeSecret would fail, and the admin would be told the records were unreadable.
    counted.failNext('DescribeSecret', 1);
    const again = await delivery.runAt(81, { plugins: [counted.plugin] });
    expect(counted.injected).toEqual([]);
    expect(adminNotes(again.messages).filter((note) => note.includes('delivery records'))).toEqual([]);
  });
});

describe('the ledger cannot be written after deliveries happened', () => {
  it('the outcomes are kept beside the secret; the next run reads them there, and the old key stays held', async () => {
    await delivery.runAt(80);
    failGitHubRepo();
    const rotation = await delivery.runAt(90, { plugins: [ledgerUnwritable().plugin] });
    const key = await newKeyId();
    expect(adminNotes(rotation.messages)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^the key ledger could not be written/), `${USER}: this run's delivery outcomes were kept beside the secret instead; the next run reads them from there`]),
    );
    expect((await tagRecords()).filter((value) => value.endsWith(' FAILED'))).toEqual([`${key} ${runOn(90).toISOString()} 503 FAILED`]);
    // The saved ledger is the day-80 one: it knows nothing of the new key.
    expect(await repoRecords()).toEqual([]);

    const due = await delivery.runAt(100);
    expect(adminActions(due.messages).find((action) => action.type === 'POSTPONE')).toMatchObject({ reason: 'DELIVERY_PENDING', severity: 'CRITICAL', pendingDeliveries: [{ target: 'GitHub acme/app', failure: 'HTTP 503' }] });
    expect((await keysOf(moto, delivery.world.member, USER)).map((listed) => listed.Status)).toEqual(['Active', 'Active']);
    expect((await repoRecords()).slice(0, 1)).toEqual([`${day(90)} ${key} failed 503`]);
  });

  it('when the tags cannot be written either, the admin is told which targets lack the key and that nothing holds the old key for them', async () => {
    failGitHubRepo();
    const faults = ledgerUnwritable().failNext('TagResource', 1, (input) => JSON.stringify(input.Tags ?? []).includes('IAMKeyRotationDelivery:'));
    const rotation = await delivery.runAt(90, { plugins: [faults.plugin] });
    const key = await newKeyId();
    expect(adminNotes(rotation.messages)).toContain(
      `${USER}: this run's delivery outcomes could be kept neither in the key ledger nor beside the secret (InternalFailure: injected InternalFailure in TagResource); GitHub acme/app still lack key ${key}, and the next runs will neither retry them nor hold the old key for them: copy the key there from its secret`,
    );
    expect(await secretOf(moto, delivery.world.member, `${secretName(delivery.world.memberId, USER)}${PENDING_DELIVERY_SUFFIX}`)).toBeDefined();
  });
});
