import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  IAMClient,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { addDays } from '../functions/core/lifecycle/time';
import type { Moto } from './moto';


export interface KeySpec {
  /** Days before `now` that the key was created. */
  readonly ageDays: number;
  readonly status?: 'Active' | 'Inactive';
  /** Days before `now` that the key was last used; absent: never used. */
  readonly lastUsedDaysAgo?: number;
}

export interface UserSpec {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly groups?: readonly string[];
  readonly keys?: readonly KeySpec[];
}

export interface SeededKey {
  readonly accessKeyId: string;
  /** Emulator credentials only: lets a test or the demo act as the application that uses the key. */
  readonly secretAccessKey: string;
  readonly createdAt: Date;
}

export interface SeededUser {
  readonly name: string;
  readonly keys: readonly SeededKey[];
}

export function daysBefore(now: Date, days: number): Date {
  return addDays(now, -days);
}

/**
 * Creates an IAM user with back-dated keys in the account the credentials
 * belong to. Ages are set by moving moto's clock, so CreateDate and
 * GetAccessKeyLastUsed report them exactly as AWS would.
 */
export async function seedUser(
  moto: Moto,
  credentials: AwsCredentialIdentity,
  spec: UserSpec,
  now: Date = new Date(),
): Promise<SeededUser> {
  const iam = new IAMClient(moto.config(credentials));
  await iam.send(
    new CreateUserCommand({
      UserName: spec.name,
      Tags: Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  for (const group of spec.groups ?? []) {
    await iam.send(new CreateGroupCommand({ GroupName: group })).catch((error: Error) => {
      if (error.name !== 'EntityAlreadyExistsException') throw error;
    });
    await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: spec.name }));
  }
  const keys: SeededKey[] = [];
  for (const key of spec.keys ?? []) {
    const createdAt = daysBefore(now, key.ageDays);
    const created = await moto.clock.at(createdAt, () => iam.send(new CreateAccessKeyCommand({ UserName: spec.name })));
    const accessKey = created.AccessKey;
    if (!accessKey?.AccessKeyId || !accessKey.SecretAccessKey) throw new Error(`no key created for ${spec.name}`);
    if (key.lastUsedDaysAgo !== undefined) {
      const keyCredentials = { accessKeyId: accessKey.AccessKeyId, secretAccessKey: accessKey.SecretAccessKey };
      // Any request signed with the key makes moto record it as used, at moto's clock.
      await moto.clock.at(daysBefore(now, key.lastUsedDaysAgo), () =>
        new STSClient(moto.config(keyCredentials)).send(new GetCallerIdentityCommand({})),
      );
    }
    if (key.status === 'Inactive') {
      await iam.send(new UpdateAccessKeyCommand({ UserName: spec.name, AccessKeyId: accessKey.AccessKeyId, Status: 'Inactive' }));
    }
    keys.push({ accessKeyId: accessKey.AccessKeyId, secretAccessKey: accessKey.SecretAccessKey, createdAt });
  }
  return { name: spec.name, keys };
}
