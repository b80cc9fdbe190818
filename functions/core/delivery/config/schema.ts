import * as z from '../../schema/zod';

/**
 * The file exactly as the issue gives it. Every object is strict: an unknown
 * field (a misspelt `enviroment`) is an error, never a silently ignored wish.
 * Rules between fields (one kind per entry, a repository or an organization)
 * are checked after this, in rules.ts, with the same field paths.
 */

const ACCOUNT_ID = /^\d{12}$/;
const USER_NAME = /^[\w+=,.@-]{1,64}$/;
// GitHub: letters, digits and underscores, not starting with a digit. GitLab accepts the same set.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
const OWNER_REPO = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
const ORGANIZATION = /^[A-Za-z0-9-]{1,39}$/;
const PROJECT = /^([\w.-]+(\/[\w.-]+)+|\d+)$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
const SSM_NAME = /^\/[\w.\-/]{1,1010}$/;
const KMS_KEY = /^(arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+|alias\/[\w/-]+|[0-9a-f-]{36})$/;

const text = (pattern: RegExp, what: string) => z.string({ error: `must be ${what}` }).check(z.regex(pattern, { error: `must be ${what}` }));

const names = z.strictObject({
  accessKeyId: z.optional(text(VARIABLE_NAME, 'a variable name (letters, digits and _, not starting with a digit)')),
  secretAccessKey: z.optional(text(VARIABLE_NAME, 'a variable name (letters, digits and _, not starting with a digit)')),
});

const github = z.strictObject({
  repository: z.optional(text(OWNER_REPO, 'OWNER/REPOSITORY')),
  environment: z.optional(z.string({ error: 'must be an environment name' }).check(z.minLength(1), z.maxLength(255))),
  organization: z.optional(text(ORGANIZATION, 'a GitHub organization name')),
  visibility: z.optional(z.enum(['all', 'private', 'selected'], { error: 'must be all, private or selected' })),
  selectedRepositoryIds: z.optional(z.array(z.int({ error: 'must be a repository id (a whole number)' }), { error: 'must be a list of repository ids' })),
  names: z.optional(names),
});

const gitlab = z.strictObject({
  project: text(PROJECT, 'a GitLab project path (group/project) or id'),
  environmentScope: z.optional(z.string({ error: 'must be an environment scope such as "*"' }).check(z.minLength(1), z.maxLength(255))),
  protected: z.optional(z.boolean({ error: 'must be true or false' })),
  names: z.optional(names),
});

const ssm = z.strictObject({
  name: text(SSM_NAME, 'an SSM parameter name starting with /'),
  region: text(REGION, 'an AWS region such as us-east-1'),
  kmsKeyId: z.optional(text(KMS_KEY, 'a KMS key id, key ARN or alias')),
});

const deliver = z.strictObject({ github: z.optional(github), gitlab: z.optional(gitlab), ssm: z.optional(ssm) }, { error: 'must be one of github:, gitlab: or ssm:' });

const endpoint = z.strictObject({
  apiUrl: z.url({ error: 'must be a URL such as https://api.github.com' }),
  tokenSecretArn: text(SECRET_ARN, 'a Secrets Manager secret ARN'),
});

const target = z.strictObject({
  account: text(ACCOUNT_ID, 'a 12-digit account id in quotes'),
  user: text(USER_NAME, 'an IAM user name'),
  deliver: z.array(deliver, { error: 'must be a list of targets' }).check(z.minLength(1, { error: 'must list at least one target' })),
  names: z.optional(names),
});

export const deliveryFileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  github: z.optional(endpoint),
  gitlab: z.optional(endpoint),
  targets: z.array(target, { error: 'must be a list' }),
});

export type DeliveryFile = z.infer<typeof deliveryFileSchema>;
export type DeliverEntry = DeliveryFile['targets'][number]['deliver'][number];
