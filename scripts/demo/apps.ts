import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { secretName } from '../../contract/names';
import type { SeededUser } from '../../emulator/iam-users';
import type { Moto } from '../../emulator/moto';
import type { AppHabit, DemoAccount } from './seed';

/** An application that runs with one user's key, as the users' real workloads do. */
export interface DemoApp {
  readonly account: DemoAccount;
  readonly user: string;
  readonly habit: AppHabit;
  key: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export function appsFor(account: DemoAccount, users: readonly SeededUser[], habits: Readonly<Record<string, AppHabit>>): DemoApp[] {
  return users.flatMap((user) => {
    const habit = habits[user.name];
    const newest = user.keys.at(-1);
    return habit && newest ? [{ account, user: user.name, habit, key: newest }] : [];
  });
}

/** Applications reload their credentials every few days, not every minute: the demo's calls stay few. */
export const APP_REFRESH_DAYS = 3;

function runsOn(app: DemoApp, index: number, day: number): boolean {
  const uses = app.habit.uses;
  if (uses === 'daily') return true;
  if (Array.isArray(uses)) return uses.includes(day);
  return (day + index) % APP_REFRESH_DAYS === 0;
}

/**
 * On its days, an application reads its secret with the key it has, which is
 * how a user picks up a rotated key (the old key still works for
 * InactiveBuffer days), switches when the secret holds a newer key (unless its
 * team only deploys it later), and makes one call with its key, so IAM records
 * the key as in use. Returns the users whose application switched.
 */
export async function runApps(moto: Moto, apps: readonly DemoApp[], day: number): Promise<string[]> {
  const switched: string[] = [];
  await Promise.all(
    apps.map(async (app, index) => {
      if (!runsOn(app, index, day)) return;
      if (day >= (app.habit.switchesFrom ?? 0)) {
        const secrets = new SecretsManagerClient(moto.config(app.key));
        const stored = await secrets.send(new GetSecretValueCommand({ SecretId: secretName(app.account.id, app.user) })).catch((error: Error) => {
          if (error.name === 'ResourceNotFoundException') return undefined;
          throw error;
        });
        const value = stored?.SecretString ? (JSON.parse(stored.SecretString) as { AccessKeyId?: string; SecretAccessKey?: string }) : undefined;
        if (value?.AccessKeyId && value.SecretAccessKey && value.AccessKeyId !== app.key.accessKeyId) {
          app.key = { accessKeyId: value.AccessKeyId, secretAccessKey: value.SecretAccessKey };
          switched.push(`${app.account.name}/${app.user}`);
        }
      }
      await new STSClient(moto.config(app.key)).send(new GetCallerIdentityCommand({}));
    }),
  );
  return switched.sort();
}
