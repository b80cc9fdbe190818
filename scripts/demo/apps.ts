import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { secretName } from '../../contract/names';
import type { SeededUser } from '../../emulator/iam-users';
import type { Moto } from '../../emulator/moto';
import type { DemoAccount } from './seed';

/** An application that runs with one user's key, as the users' real workloads do. */
export interface DemoApp {
  readonly account: DemoAccount;
  readonly user: string;
  key: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export function appsFor(account: DemoAccount, users: readonly SeededUser[], live: (user: string) => boolean): DemoApp[] {
  return users
    .filter((user) => live(user.name))
    .flatMap((user) => {
      const newest = user.keys.at(-1);
      return newest ? [{ account, user: user.name, key: newest }] : [];
    });
}

/** Applications reload their credentials every few days, not every minute: the demo's calls stay few. */
export const APP_REFRESH_DAYS = 3;

/**
 * Every APP_REFRESH_DAYS days (each app on its own day) an application reads
 * its secret with the key it has, which is how a user picks up a rotated key
 * (the old key still works for InactiveBuffer days), switches when the secret
 * holds a newer key, and makes one call with its key, so IAM records the key
 * as in use.
 */
export async function runApps(moto: Moto, apps: readonly DemoApp[], day: number): Promise<number> {
  let switched = 0;
  await Promise.all(
    apps.filter((_, index) => (day + index) % APP_REFRESH_DAYS === 0).map(async (app) => {
      const credentials = { accessKeyId: app.key.accessKeyId, secretAccessKey: app.key.secretAccessKey };
      const secrets = new SecretsManagerClient(moto.config(credentials));
      const stored = await secrets
        .send(new GetSecretValueCommand({ SecretId: secretName(app.account.id, app.user) }))
        .catch((error: Error) => {
          if (error.name === 'ResourceNotFoundException') return undefined;
          throw error;
        });
      const value = stored?.SecretString ? (JSON.parse(stored.SecretString) as { AccessKeyId?: string; SecretAccessKey?: string }) : undefined;
      if (value?.AccessKeyId && value.SecretAccessKey && value.AccessKeyId !== app.key.accessKeyId) {
        app.key = { accessKeyId: value.AccessKeyId, secretAccessKey: value.SecretAccessKey };
        switched++;
      }
      await new STSClient(moto.config(app.key)).send(new GetCallerIdentityCommand({}));
    }),
  );
  return switched;
}
