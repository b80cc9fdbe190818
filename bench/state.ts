import {
  DeleteAccessKeyCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { DeleteSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretName } from '../contract/names';
import type { Moto } from '../emulator/moto';
import type { SeededAccount } from './seed';

/** Active keys per user, from one credential report rather than a call per user. */
async function activeKeyCounts(iam: IAMClient): Promise<Map<string, number>> {
  await iam.send(new GenerateCredentialReportCommand({}));
  const report = await iam.send(new GetCredentialReportCommand({}));
  const lines = Buffer.from(report.Content ?? new Uint8Array()).toString('utf8').trim().split('\n');
  const header = (lines[0] ?? '').split(',');
  const column = (name: string): number => header.indexOf(name);
  const [user, key1, key2] = [column('user'), column('access_key_1_active'), column('access_key_2_active')];
  const counts = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    counts.set(cells[user] ?? '', (cells[key1] === 'true' ? 1 : 0) + (cells[key2] === 'true' ? 1 : 0));
  }
  return counts;
}

export interface Verdict {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/**
 * Whether the account is in the state a correct run leaves: `rotated` users
 * have their old key plus a new active one whose id their secret holds;
 * everyone else has exactly the key they were seeded with.
 */
export async function verifyAccount(moto: Moto, account: SeededAccount, rotated: ReadonlySet<string>): Promise<Verdict> {
  const iam = new IAMClient({ ...moto.config(account.credentials), maxAttempts: 5 });
  const secrets = new SecretsManagerClient({ ...moto.config(account.credentials), maxAttempts: 5 });
  const problems: string[] = [];
  const counts = await activeKeyCounts(iam);
  for (const user of account.users) {
    const expected = rotated.has(user.name) ? 2 : 1;
    const actual = counts.get(user.name);
    if (actual !== expected) problems.push(`${user.name}: ${actual ?? 'no'} active keys, expected ${expected}`);
  }
  for (const userName of rotated) {
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
    const fresh = keys.find((k) => k.AccessKeyId !== account.keys.get(userName)?.accessKeyId);
    const stored = await secrets
      .send(new GetSecretValueCommand({ SecretId: secretName(account.accountId, userName) }))
      .then((s) => (JSON.parse(s.SecretString ?? '{}') as { AccessKeyId?: string }).AccessKeyId)
      .catch((error: Error) => `missing (${error.name})`);
    if (!fresh) problems.push(`${userName}: no new key`);
    else if (stored !== fresh.AccessKeyId) problems.push(`${userName}: secret holds ${stored}, newest key is ${fresh.AccessKeyId}`);
  }
  return { ok: problems.length === 0, problems: problems.slice(0, 10) };
}

/**
 * Puts the users a run acted on back as they were seeded (new keys and
 * secrets deleted, the old key active), so the next repetition measures the
 * same work without seeding thousands of users again.
 */
export async function restoreAccount(moto: Moto, account: SeededAccount, touched: Iterable<string>): Promise<void> {
  const iam = new IAMClient({ ...moto.config(account.credentials), maxAttempts: 5 });
  const secrets = new SecretsManagerClient({ ...moto.config(account.credentials), maxAttempts: 5 });
  for (const userName of touched) {
    const seeded = account.keys.get(userName)?.accessKeyId;
    for (const key of (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? []) {
      if (key.AccessKeyId !== seeded) await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.AccessKeyId }));
      else if (key.Status !== 'Active') await iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: seeded, Status: 'Active' }));
    }
    await secrets
      .send(new DeleteSecretCommand({ SecretId: secretName(account.accountId, userName), ForceDeleteWithoutRecovery: true }))
      .catch((error: Error) => {
        if (error.name !== 'ResourceNotFoundException') throw error;
      });
  }
}
