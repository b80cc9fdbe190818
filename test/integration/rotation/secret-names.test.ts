/**
 * A user whose name Secrets Manager cannot hold in a secret name (issue 19
 * item 5) is skipped before any key is created, with a WARNING naming it;
 * the other users of the account are rotated as always.
 */
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretName } from '../../../contract/names';
import { seedUser } from '../../../emulator/iam-users';
import type { RunSummary } from '../../../functions/rotation/result/summary';
import { useMoto } from '../../harness/moto';
import { createWorld, invoke, keysOf, type World } from './fixture';

const moto = useMoto();
const NOW = new Date(Date.UTC(2025, 6, 1, 9, 0, 0));
const DUE = { ageDays: 120, lastUsedDaysAgo: 1 } as const;

describe('user names a secret cannot be named after', () => {
  let world: World;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
    await seedUser(moto, world.member, { name: 'svc,ci', keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'a+b=c.d@e-f', keys: [DUE] }, NOW);
    await moto.clock.set(NOW);
  });

  test('"svc,ci" keeps its one key, no secret is written for it, and a WARNING names it; "a+b=c.d@e-f" is rotated under its own name', async () => {
    const before = await keysOf(moto, world.member, 'svc,ci');
    const { result, logLines } = await invoke(world, { account: world.memberId }, { now: NOW });
    expect(result).toMatchObject({ actions: { ROTATE: { DONE: 1 } } });
    expect(await keysOf(moto, world.member, 'svc,ci')).toEqual(before);
    expect(await keysOf(moto, world.member, 'a+b=c.d@e-f')).toHaveLength(2);
    const names = ((await new SecretsManagerClient(moto.config(world.member)).send(new ListSecretsCommand({}))).SecretList ?? []).map((s) => s.Name);
    expect(names).toEqual([secretName(world.memberId, 'a+b=c.d@e-f')]);
    // The account's first run also warns that its key ledger is being built (docs/ledger.md); that is not about names.
    const warnings = logLines
      .map((line) => JSON.parse(line) as { level: string; message: string; userName?: string })
      .filter((line) => line.level === 'WARN' && !line.message.startsWith('key ledger not found'));
    expect(warnings).toEqual([expect.objectContaining({ userName: 'svc,ci', message: expect.stringContaining('user skipped') })]);
    expect((result as RunSummary).notes).toContainEqual(expect.stringMatching(/^svc,ci: the user name holds a character Secrets Manager does not allow/));
  });
});
