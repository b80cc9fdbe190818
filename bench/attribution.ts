import { SECRET_NAME_PREFIX } from '../contract/names';

// IAM user names: letters, digits and +=,.@_- ; paths add slashes.
const USER_ARN = /^arn:aws[\w-]*:iam::\d{12}:user\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/;
// contract/names' secretName(), bare or inside its ARN (where Secrets Manager appends "-" and six characters).
const SECRET = new RegExp(`^(?:arn:aws[\\w-]*:secretsmanager:[\\w-]+:\\d{12}:secret:)?${SECRET_NAME_PREFIX}\\d{12}_User_(.+)_AccessKey(?:-[A-Za-z0-9]{6})?$`);
const ACCESS_KEY_ID = /^(?:AKIA|ASIA)[A-Z0-9]{12,124}$/;

type Fields = Readonly<Record<string, unknown>>;

function fieldsOf(value: unknown): Fields | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;
}

/**
 * Which IAM user a call is about, whatever form the call names it in: its
 * `UserName`, the user's ARN, the secret holding its key (by name, or by ARN
 * with Secrets Manager's suffix), or the id of one of its access keys. Key
 * ids are learned from what the bench seeded and from the responses that
 * pair a key with its user (ListAccessKeys, CreateAccessKey,
 * GetAccessKeyLastUsed), so a later call naming only the key is charged to
 * its user, not to the account.
 */
export class UserAttribution {
  private readonly keyOwners = new Map<string, string>();

  learnKey(accessKeyId: string, userName: string): void {
    this.keyOwners.set(accessKeyId, userName);
  }

  /** The user named by a call's input, or undefined for an account-wide call. */
  userOfInput(input: unknown): string | undefined {
    const fields = fieldsOf(input);
    if (!fields) return undefined;
    if (typeof fields.UserName === 'string') return fields.UserName;
    for (const value of Object.values(fields)) {
      if (typeof value !== 'string') continue;
      const user = USER_ARN.exec(value)?.[1] ?? SECRET.exec(value)?.[1];
      if (user !== undefined) return user;
      if (ACCESS_KEY_ID.test(value)) {
        const owner = this.keyOwners.get(value);
        if (owner !== undefined) return owner;
      }
    }
    return undefined;
  }

  /**
   * Learns the key ids a response pairs with their users, and returns the
   * user the response names when the input named none (GetAccessKeyLastUsed
   * of a key not seen before answers with its UserName).
   */
  learnFromOutput(output: unknown): string | undefined {
    const fields = fieldsOf(output);
    if (!fields) return undefined;
    const pairs = [fieldsOf(fields.AccessKey), ...(Array.isArray(fields.AccessKeyMetadata) ? fields.AccessKeyMetadata.map(fieldsOf) : [])];
    for (const pair of pairs) {
      if (typeof pair?.AccessKeyId === 'string' && typeof pair.UserName === 'string') this.learnKey(pair.AccessKeyId, pair.UserName);
    }
    return typeof fields.UserName === 'string' ? fields.UserName : undefined;
  }
}
