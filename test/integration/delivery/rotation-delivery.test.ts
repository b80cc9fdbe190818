import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { PENDING_DELIVERY_SUFFIX, secretName } from '../../../contract/names';
import { seedUser } from '../../../emulator/iam-users';
import { historyLines } from '../../../functions/core/ledger/history';
import { useMoto } from '../../harness/moto';
import { keysOf, secretOf, useKey } from '../rotation/fixture';
import { adminActions, adminNotes, ENVIRONMENT, GITHUB_TOKEN, ORG, puts, REPO, runOn, T0, useDeliveryWorld } from './fixture';

const moto = useMoto();
const delivery = useDeliveryWorld(moto);
const runAt = (n: number, env: Record<string, string> = {}) => delivery.runAt(n, { env });

describe('a new key is delivered in the run that rotates it', () => {
  it('reaches every target kind and scope; each holds the key that IAM and the secret hold', async () => {
    const { messages, metricLines } = await runAt(90);
    const keys = await keysOf(moto, delivery.world.member, 'ci-deployer');
    const secret = await secretOf(moto, delivery.world.member, secretName(delivery.world.memberId, 'ci-deployer'));
    const newKey = keys.at(-1)?.AccessKeyId;
    expect(secret?.value.AccessKeyId).toBe(newKey);
    for (const scope of [REPO, ENVIRONMENT, ORG]) {
      expect(delivery.github.plaintext(scope, 'AWS_ACCESS_KEY_ID')).toBe(newKey);
      expect(delivery.github.plaintext(scope, 'AWS_SECRET_ACCESS_KEY')).toBe(secret?.value.SecretAccessKey);
    }
    expect(delivery.gitlab.variable('acme/app', 'AWS_SECRET_ACCESS_KEY')?.value).toBe(secret?.value.SecretAccessKey);
    const parameter = await new SSMClient(moto.config(delivery.world.member)).send(new GetParameterCommand({ Name: '/iam-key-rotation/ci-deployer', WithDecryption: true }));
    expect(JSON.parse(parameter.Parameter?.Value ?? '{}')).toEqual({ AccessKeyId: newKey, SecretAccessKey: secret?.value.SecretAccessKey });

    const rotate = adminActions(messages).find((action) => action.type === 'ROTATE');
    expect(rotate?.deliveries?.map((d) => [d.target, d.delivered])).toEqual([
      ['GitHub acme/app', true],
      ['GitHub acme/app (environment production)', true],
      ['GitHub organization acme (private repositories)', true],
      ['GitLab acme/app', true],
      ['SSM /iam-key-rotation/ci-deployer (us-east-1)', true],
    ]);
    // Each outcome is recorded in the account's key ledger (target, key id, time, status), and no longer beside the secret.
    const recorded = (await delivery.ledger())?.users['ci-deployer']?.deliveries ?? [];
    expect(recorded.map((entry) => [entry.label, entry.keyId, entry.outcome, entry.status ?? entry.code, entry.at.slice(0, 10)])).toEqual(
      ['GitHub acme/app', 'GitHub acme/app (environment production)', 'GitHub organization acme (private repositories)', 'GitLab acme/app', 'SSM /iam-key-rotation/ci-deployer (us-east-1)'].map((label) => [
        label,
        newKey,
        'delivered',
        expect.any(Number),
        runOn(90).toISOString().slice(0, 10),
      ]),
    );
    expect(Object.keys(secret?.tags ?? {}).filter((key) => key.startsWith('IAMKeyRotationDelivery:'))).toEqual([]);
    // No copy is kept when every target has the key.
    expect(await secretOf(moto, delivery.world.member, `${secretName(delivery.world.memberId, 'ci-deployer')}${PENDING_DELIVERY_SUFFIX}`)).toBeUndefined();
    const delivered = metricLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => 'DeliveriesSucceeded' in line);
    expect(delivered.map((line) => [line.TargetKind, line.DeliveriesSucceeded, line.DeliveriesFailed])).toEqual([
      ['github', 3, 0],
      ['gitlab', 1, 0],
      ['ssm', 1, 0],
    ]);
    // Nothing that left the function carries the key or a token.
    const queued = JSON.stringify(messages);
    expect(queued).not.toContain(secret?.value.SecretAccessKey);
    expect(queued).not.toContain(GITHUB_TOKEN);
  });

  it('does not write twice when the same request comes again (redelivery)', async () => {
    await runAt(90);
    const writes = [puts(delivery.github), puts(delivery.gitlab)];
    const recorded = (await delivery.ledger())?.users['ci-deployer']?.deliveries;
    expect(recorded).toHaveLength(5);
    await runAt(90);
    expect([puts(delivery.github), puts(delivery.gitlab)]).toEqual(writes);
    // Nor is anything recorded twice.
    expect((await delivery.ledger())?.users['ci-deployer']?.deliveries).toEqual(recorded);
  });

  it('delivers nothing in audit mode, and reads no configuration', async () => {
    const { messages } = await runAt(90, { [ROTATION_ENV.dryRun]: 'True' });
    expect(adminActions(messages).map((action) => `${action.type}:${action.outcome}`)).toEqual(['ROTATE:PLANNED']);
    expect(delivery.github.received).toEqual([]);
    expect(delivery.gitlab.received).toEqual([]);
  });

  it('never delivers for an exempt or held user', async () => {
    await seedUser(moto, delivery.world.member, { name: 'held-user', tags: { IAMKeyRotationHold: '2030-01-01' }, keys: [{ ageDays: 0, lastUsedDaysAgo: 0 }] }, T0);
    await delivery.upload(delivery.yaml('  - account: "' + delivery.world.memberId + '"\n    user: held-user\n    deliver: [{ github: { repository: acme/held } }]'));
    await runAt(90);
    expect(delivery.github.received.some((request) => request.url.includes('acme/held'))).toBe(false);
  });

  it('goes on rotating when delivery.yaml is wrong, delivers nothing, and names the field and line', async () => {
    await delivery.upload(delivery.yaml().replace('environment: production', 'enviroment: production'));
    const { messages } = await runAt(90);
    expect(adminActions(messages).map((action) => `${action.type}:${action.outcome}`)).toEqual(['ROTATE:DONE']);
    expect(delivery.github.received).toEqual([]);
    expect(delivery.gitlab.received).toEqual([]);
    expect(adminNotes(messages).some((note) => note.startsWith('delivery.yaml: targets[0].deliver[1].github.enviroment (line 13): unknown field'))).toBe(true);
  });
});

describe('a failed delivery keeps the old key active and is tried again at each run', () => {
  it('a 5xx: CRITICAL postponement at the deactivation date whatever InUseKeyAction says, delivered and retired once GitHub is back', async () => {
    delivery.github.fail({ status: 503, times: 10_000, pathContains: '/repos/acme/app/actions' });
    const rotation = await runAt(90);
    const rotate = adminActions(rotation.messages).find((action) => action.type === 'ROTATE');
    expect(rotate?.deliveries?.find((d) => d.target === 'GitHub acme/app')).toMatchObject({ delivered: false, failure: 'HTTP 503' });
    // A copy waits for the retry, readable by the member role only.
    const copy = await secretOf(moto, delivery.world.member, `${secretName(delivery.world.memberId, 'ci-deployer')}${PENDING_DELIVERY_SUFFIX}`);
    expect(copy?.policy.Statement.find((s) => s.Effect === 'Allow')?.Principal).toEqual({ AWS: `arn:aws:iam::${delivery.world.memberId}:role/${delivery.world.env[ROTATION_ENV.assumedRoleName] ?? ''}` });

    // The failure is in the key ledger, and only there: the retries below read it from the ledger.
    const repoRecords = async () => ((await delivery.ledger())?.users['ci-deployer']?.deliveries ?? []).filter((entry) => entry.label === 'GitHub acme/app').map((entry) => `${entry.at.slice(0, 10)} ${entry.keyId} ${entry.outcome} ${entry.status ?? ''}`);
    const day = (n: number) => runOn(n).toISOString().slice(0, 10);
    const newKeyId = copy?.value.AccessKeyId ?? '';
    expect(await repoRecords()).toEqual([`${day(90)} ${newKeyId} failed 503`]);
    expect(Object.keys((await secretOf(moto, delivery.world.member, secretName(delivery.world.memberId, 'ci-deployer')))?.tags ?? {}).filter((key) => key.startsWith('IAMKeyRotationDelivery:'))).toEqual([]);

    // Day 95: tried again, still failing; the others are not written again.
    const otherWrites = puts(delivery.gitlab);
    const retried = await runAt(95);
    expect(adminNotes(retried.messages)).toContain(`ci-deployer: key ${newKeyId} still not delivered to GitHub acme/app on a later run (HTTP 503)`);
    expect(puts(delivery.gitlab)).toBe(otherWrites);
    expect(await repoRecords()).toEqual([`${day(90)} ${newKeyId} failed 503`, `${day(95)} ${newKeyId} failed 503`]);

    // Day 100, the deactivation date: the old key stays, CRITICAL, naming the target and the status.
    const due = await runAt(100);
    const postponed = adminActions(due.messages).find((action) => action.type === 'POSTPONE');
    expect(postponed).toMatchObject({ reason: 'DELIVERY_PENDING', severity: 'CRITICAL', outcome: 'DONE' });
    expect(postponed?.pendingDeliveries).toEqual([{ target: 'GitHub acme/app', failure: 'HTTP 503' }]);
    expect((await keysOf(moto, delivery.world.member, 'ci-deployer')).map((key) => key.Status)).toEqual(['Active', 'Active']);

    // GitHub is back: the next run delivers, then retires the old key on schedule, and drops the copy.
    delivery.github.recover();
    const later = await runAt(101);
    const newKey = (await keysOf(moto, delivery.world.member, 'ci-deployer')).at(-1)?.AccessKeyId;
    expect(delivery.github.plaintext(REPO, 'AWS_ACCESS_KEY_ID')).toBe(newKey);
    // Said once, as an action (the owner's news too), not again as a note.
    expect(adminActions(later.messages).map((action) => `${action.type}:${action.reason}:${action.outcome}`)).toEqual(['DELIVER:DELIVERY_RETRIED:DONE', 'DEACTIVATE:DEACTIVATION_DUE:DONE']);
    expect(adminActions(later.messages)[0]).toMatchObject({ keyId: newKey, deliveries: [{ target: 'GitHub acme/app', kind: 'github', delivered: true }] });
    expect(adminNotes(later.messages).filter((note) => note.includes('on a later run'))).toEqual([]);
    expect(await secretOf(moto, delivery.world.member, `${secretName(delivery.world.memberId, 'ci-deployer')}${PENDING_DELIVERY_SUFFIX}`)).toBeUndefined();
    expect((await repoRecords()).at(-1)).toMatch(new RegExp(`^${day(101)} ${newKeyId} delivered 20\\d$`));
    // `npm run plan -- --history ci-deployer` prints them.
    expect(historyLines('ci-deployer', (await delivery.ledger())?.users['ci-deployer'])).toEqual(
      expect.arrayContaining(['  deliveries:', expect.stringMatching(new RegExp(`^    ${day(101)} \\d\\d:\\d\\d GitHub acme/app: key ${newKeyId} delivered \\(HTTP 20\\d\\)$`))]),
    );
  });

  it('a 401: recorded with its status, and delivered at the next run once the token works', async () => {
    delivery.gitlab.fail({ status: 401, times: 1 });
    const { messages } = await runAt(90);
    const failed = adminActions(messages).find((action) => action.type === 'ROTATE')?.deliveries?.find((d) => d.kind === 'gitlab');
    expect(failed).toMatchObject({ delivered: false, failure: 'HTTP 401' });
    expect(failed?.error).toContain('the token was refused');
    await runAt(91);
    const secret = await secretOf(moto, delivery.world.member, secretName(delivery.world.memberId, 'ci-deployer'));
    expect(delivery.gitlab.variable('acme/app', 'AWS_SECRET_ACCESS_KEY')?.value).toBe(secret?.value.SecretAccessKey);
  });
});

describe('DeactivateWhenSwitched', () => {
  it('deactivates the old key early once every target has the new key, the new key is used and the old is idle', async () => {
    const on = { [ROTATION_ENV.deactivateWhenSwitched]: 'True' };
    await runAt(90, on);
    const secret = await secretOf(moto, delivery.world.member, secretName(delivery.world.memberId, 'ci-deployer'));
    await useKey(moto, { accessKeyId: secret?.value.AccessKeyId ?? '', secretAccessKey: secret?.value.SecretAccessKey ?? '' }, runOn(92));
    const { messages } = await runAt(93, on);
    expect(adminActions(messages).map((action) => `${action.type}:${action.reason}:${action.outcome}`)).toEqual(['DEACTIVATE:SWITCHED:DONE']);
    expect((await keysOf(moto, delivery.world.member, 'ci-deployer')).map((key) => key.Status)).toEqual(['Inactive', 'Active']);
  });

  it('waits for the date when the setting is off', async () => {
    await runAt(90);
    const secret = await secretOf(moto, delivery.world.member, secretName(delivery.world.memberId, 'ci-deployer'));
    await useKey(moto, { accessKeyId: secret?.value.AccessKeyId ?? '', secretAccessKey: secret?.value.SecretAccessKey ?? '' }, runOn(92));
    const { messages } = await runAt(93);
    expect(adminActions(messages).filter((action) => action.type === 'DEACTIVATE')).toEqual([]);
  });
});
