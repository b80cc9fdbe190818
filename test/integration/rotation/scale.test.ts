import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';
import { mapWithConcurrency } from '../../../functions/core/async/map-with-concurrency';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { daysBefore } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { CallCounter, FaultInjector } from '../../harness/sdk-plugins';
import { USER_TAGS } from '../../../contract/names';
import { createWorld, invoke, keysOf, run, type World } from './fixture';
import { sqsEvent, sqsRecord } from '../../harness/sqs-event';

const moto = useMoto();
const NOW = new Date(Date.UTC(2025, 10, 3, 9, 0, 0));

/** Creates users fast: one clock move per age group, users in parallel; `used` keys are signed with once, a day ago. */
async function seedMany(world: World, names: readonly string[], ageDays: number, used: boolean): Promise<void> {
  const iam = new IAMClient(moto.config(world.member));
  await moto.clock.set(daysBefore(NOW, ageDays));
  const secrets = await mapWithConcurrency(names, 16, async (name) => {
    await iam.send(new CreateUserCommand({ UserName: name }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
    return { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
  });
  if (used) {
    await moto.clock.set(daysBefore(NOW, 1));
    await mapWithConcurrency(secrets, 16, (credentials) =>
      new STSClient(moto.config(credentials)).send(new GetCallerIdentityCommand({})),
    );
  }
  await moto.clock.set(NOW);
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

/**
 * moto returns every user in one page whatever MaxItems says. This double
 * cuts GetAccountAuthorizationDetails answers into pages of `size` with
 * Markers, as IAM does, so the paging loop is really exercised.
 */
function pagingDouble(size: number): ClientPlugin {
  return {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'GetAccountAuthorizationDetailsCommand') return next(args);
          const input = args.input as { Marker?: string };
          const offset = Number(input.Marker ?? '0');
          const result = await next({ ...args, input: { ...input, Marker: undefined } });
          const output = result.output as { UserDetailList?: unknown[] };
          const all = output.UserDetailList ?? [];
          const end = offset + size;
          return {
            ...result,
            output: {
              ...output,
              UserDetailList: all.slice(offset, end),
              IsTruncated: end < all.length,
              Marker: end < all.length ? String(end) : undefined,
            },
          };
        },
        { step: 'initialize', name: 'testPagingDouble' },
      );
    },
  };
}

/**
 * The budgets are the steady state: an account's first run lists every user's
 * keys once to fill its key ledger (docs/ledger.md; the bench reports that run
 * on its own), so a dry run fills it first.
 */
async function fillKeyLedger(world: World): Promise<void> {
  await run(world, NOW, { dryrun: true });
}

describe('accounts with many users', () => {
  let world: World;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
  });

  test('more than 100 users: every one is seen, in one page from moto and in pages of 100 through the paging double', async () => {
    await seedMany(world, names('young', 247), 30, true);
    await seedMany(world, names('due', 3), 95, true);
    const plain = await run(world, NOW, { dryrun: true });
    expect(plain.users).toMatchObject({ seen: 250, skipped: 247 });

    const counter = new CallCounter();
    const paged = await run(world, NOW, {}, { plugins: [pagingDouble(100), counter.plugin] });
    expect(counter.counts.get('IAM.GetAccountAuthorizationDetails')).toBe(3);
    expect(paged.users).toMatchObject({ seen: 250, skipped: 247, examined: 3 });
    expect(paged.actions).toEqual({ ROTATE: { DONE: 3 } });
    for (const name of names('due', 3)) expect(await keysOf(moto, world.member, name)).toHaveLength(2);
  });

  test('call budget: 1,000 users, 20 due and none in the warning window, scanned and rotated in at most 200 AWS calls', async () => {
    await seedMany(world, names('steady', 980), 30, true);
    await seedMany(world, names('due', 20), 100, true);
    await fillKeyLedger(world);
    const counter = new CallCounter();
    const summary = await run(world, NOW, {}, { plugins: [pagingDouble(100), counter.plugin] });
    expect(summary.users).toMatchObject({ seen: 1000, skipped: 980, examined: 20 });
    expect(summary.actions).toEqual({ ROTATE: { DONE: 20 } });
    process.stdout.write(
      `rotation call budget: ${counter.total} AWS calls for 1,000 users / 20 rotations (classic per-user approach: about 3,000)\n` +
        `${JSON.stringify(counter.byOperation(), null, 1)}\n`,
    );
    expect(counter.total).toBeLessThanOrEqual(200);
    // Seeding 1,000 users on moto takes most of a minute on a loaded 2-core machine; the default 60 s was too tight there.
  }, 180_000);

  test('users between a deactivation and its deletion cost no call of their own; a record the report cannot pair up, or a rotation it carries over, is looked at', async () => {
    const iam = new IAMClient(moto.config(world.member));
    // 20 users whose old key this tool deactivated 3 days ago (deleted in 7 days): nothing due today.
    await seedMany(world, names('retiring', 20), 40, true);
    const retiring = names('retiring', 20);
    const { ListAccessKeysCommand, TagUserCommand, UpdateAccessKeyCommand } = await import('@aws-sdk/client-iam');
    const deactivatedAt = new Date(NOW.getTime() - 3 * DAY_MS);
    /** Replaced 13 days ago, the old key deactivated 3 days ago by this tool (its record says so). */
    const mark = async (name: string, suffix = '') => {
      const [old] = (await iam.send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ?? [];
      await moto.clock.at(new Date(NOW.getTime() - 13 * DAY_MS), () => iam.send(new CreateAccessKeyCommand({ UserName: name })));
      await iam.send(new UpdateAccessKeyCommand({ UserName: name, AccessKeyId: old?.AccessKeyId, Status: 'Inactive' }));
      await iam.send(new TagUserCommand({ UserName: name, Tags: [{ Key: USER_TAGS.deactivated, Value: `${old?.AccessKeyId}@${deactivatedAt.toISOString()}${suffix}` }] }));
    };
    await mapWithConcurrency(retiring, 8, (name) => mark(name));
    // One whose forced rotation made room yesterday (the next run deletes and rotates), one whose record names a key since deleted.
    await seedMany(world, ['carried-over', 'stale'], 40, true);
    await mark('carried-over', '+forced');
    await iam.send(new TagUserCommand({ UserName: 'stale', Tags: [{ Key: USER_TAGS.deactivated, Value: `AKIAGONE000000000000@${deactivatedAt.toISOString()}` }] }));
    await moto.clock.set(NOW);
    await fillKeyLedger(world);
    const counter = new CallCounter();
    const summary = await run(world, NOW, {}, { plugins: [counter.plugin] });
    expect(summary.users).toMatchObject({ seen: 22, skipped: 20, examined: 2 });
    expect(summary.actions).toEqual({ DELETE: { DONE: 1 }, ROTATE: { DONE: 1 } });
    expect(counter.counts.get('IAM.ListAccessKeys')).toBe(2);
    expect(counter.counts.get('IAM.UntagUser')).toBe(2);
  });

  test('without a credential report the run falls back to listing keys per user, and still rotates', async () => {
    await seedMany(world, names('young', 30), 30, true);
    await seedMany(world, names('due', 2), 100, true);
    const faults = new FaultInjector('AccessDenied').failNext('GenerateCredentialReport');
    const counter = new CallCounter();
    const summary = await run(world, NOW, {}, { plugins: [faults.plugin, counter.plugin] });
    expect(summary.observedWith).toBe('list-access-keys');
    expect(summary.actions).toEqual({ ROTATE: { DONE: 2 } });
    expect(counter.counts.get('IAM.ListAccessKeys')).toBe(32);
    // Last-used dates only for the users about to be acted on.
    expect(counter.counts.get('IAM.GetAccessKeyLastUsed')).toBe(2);
  });

  test('an SQS batch reports only the failed account in batchItemFailures', async () => {
    await seedMany(world, names('due', 1), 100, true);
    const body = { account: world.memberId };
    const event = sqsEvent(sqsRecord(body, { messageId: 'first' }), sqsRecord(body, { messageId: 'second' }));
    const faults = new FaultInjector('AccessDenied').failNext('AssumeRole');
    const { result } = await invoke(world, event, { now: new Date(NOW.getTime() + DAY_MS), plugins: [faults.plugin] });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'first' }] });
    expect(await keysOf(moto, world.member, 'due-0000')).toHaveLength(2);
  });
});
