import {
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsDependencies } from '../functions/core/aws/plugins';
import { withPlugins } from '../functions/core/aws/plugins';
import { DAY_MS } from '../functions/core/lifecycle/time';
import { ROLE_NAMES } from '../contract/names';
import type { Moto } from '../emulator/moto';

const ROTATION_PERIOD_DAYS = 90;

export interface BaselineResult {
  readonly usersSeen: number;
  readonly keysSeen: number;
  /** Users with an active key at or past the rotation period: what the classic solution would rotate. */
  readonly due: readonly string[];
}

/**
 * What the classic solution does in each account, written plainly: one call
 * at a time, list the users, then for every user list its keys and its tags,
 * and for every key ask when it was last used. It only reads; it is the
 * yardstick, not a product.
 */
export async function baselineScan(moto: Moto, accountId: string, deps: AwsDependencies, now: Date): Promise<BaselineResult> {
  const sts = withPlugins(new STSClient(moto.config()), deps);
  const assumed = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAMES.assumed}`, RoleSessionName: 'baseline' }),
  );
  const c = assumed.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`baseline: AssumeRole into ${accountId} returned no credentials`);
  const iam = withPlugins(
    new IAMClient(moto.config({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken })),
    deps,
  );

  const due: string[] = [];
  let usersSeen = 0;
  let keysSeen = 0;
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListUsersCommand({ Marker: marker }));
    for (const user of page.Users ?? []) {
      const userName = user.UserName ?? '';
      usersSeen++;
      const keys = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
      // The classic solution reads tags for the owner's address and the exemption; the value is unused here.
      await iam.send(new ListUserTagsCommand({ UserName: userName }));
      let userDue = false;
      for (const key of keys.AccessKeyMetadata ?? []) {
        keysSeen++;
        await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
        const ageDays = (now.getTime() - (key.CreateDate?.getTime() ?? now.getTime())) / DAY_MS;
        if (key.Status === 'Active' && ageDays >= ROTATION_PERIOD_DAYS) userDue = true;
      }
      if (userDue) due.push(userName);
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return { usersSeen, keysSeen, due };
}
