/**
 * Requests the design decides, as data: one line a row. Must-deny rows are
 * what docs/design.md#6-security-model and issue 10 promise nobody can do; must-allow rows
 * are what the design promises the key's user can do (the denies must not lock
 * the user out). Each row names its deployment and builds its request from
 * the deployment's parties (parties.ts), so a row survives renamed roles.
 * The README's security model cites rows by number, group by group (a test
 * checks each range it cites is whole groups): add a row at the end of its
 * group and renumber the README's ranges.
 */
import { DEFAULT_DELIVERY_SSM_PATH_PREFIX, DEFAULT_S3_PREFIX, DELIVERY_TOKEN_SECRET_PREFIX, DIGEST_FOLDERS, EMAIL_TEMPLATES, KEY_REPORT, LEDGER_FOLDER, PENDING_DELIVERY_SUFFIX, S3_FOLDERS, ZIP_NAMES } from '../../../contract/names';
import { ACCOUNTS, type DeploymentName } from '../deployment/deployments';
import { SECRET_SUFFIX, type Parties } from '../model/parties';
import type { PolicyRequest, Verdict } from '../simulate/simulate';

export interface MatrixRow {
  readonly deployment: DeploymentName;
  readonly what: string;
  readonly request: (p: Parties) => PolicyRequest;
  /** The promise the row belongs to; the README cites each group's rows as one range. */
  readonly group?: string;
}

/** Rows in groups, numbered on in the order given. */
const grouped = (groups: Readonly<Record<string, readonly MatrixRow[]>>): MatrixRow[] =>
  Object.entries(groups).flatMap(([group, rows]) => rows.map((row) => ({ ...row, group })));

const read = (principal: string, resource: string): PolicyRequest => ({ principal, action: 'secretsmanager:GetSecretValue', resource });

/** kms:* through Secrets Manager for a secret: what Secrets Manager sends on the caller's behalf (in a replica's Region, with the replica's key). */
const viaSecretsManager = (p: Parties, principal: string, action: string, secretArn: string, replicaRegion?: string): PolicyRequest => ({
  principal,
  action,
  resource: replicaRegion ? p.replicaKey(replicaRegion) : (p.secretsKey ?? ''),
  context: {
    'kms:ViaService': `secretsmanager.${replicaRegion ?? p.region}.amazonaws.com`,
    'kms:EncryptionContext:SecretARN': secretArn,
    'kms:EncryptionContextKeys': ['SecretARN', 'SecretVersionId'],
    'kms:CallerAccount': principal.split(':')[4] ?? '',
  },
});

/**
 * A writer role reads alice's secret after putting a policy of its own on it
 * (it holds PutResourcePolicy): the read is simulated against that policy,
 * which allows the writer and denies nobody.
 */
const readThroughOwnPolicy = (p: Parties, writer: string): PolicyRequest => ({
  ...read(writer, p.secretArn('alice')),
  replacedResourcePolicy: {
    kind: 'secret policy the writer put',
    policy: { Version: '2012-10-17', Statement: [{ Sid: 'WriterAllowsItself', Effect: 'Allow', Principal: { AWS: writer }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] },
  },
});

const send = (principal: string, queue: string): PolicyRequest => ({ principal, action: 'sqs:SendMessage', resource: queue });

const assume = (principal: string, role: string, context: Record<string, string> = {}): PolicyRequest => ({ principal, action: 'sts:AssumeRole', resource: role, context });

const write = (principal: string, action: string, resource: string): PolicyRequest => ({ principal, action, resource });

/** An S3 request of a function's role against the deployment's bucket, which its primary account owns (an S3 ARN names no account). */
const onBucket = (principal: (p: Parties) => string) => (p: Parties, action: string, resource: string): PolicyRequest => ({
  principal: principal(p),
  action,
  resource,
  resourceAccount: p.deployment.primaryAccountId,
});
const notifierOnBucket = onBucket((p) => p.notifierExecution);
const rotationOnBucket = onBucket((p) => p.rotationExecution);

/** An S3 request of a main-stack role against the deployment's bucket. */
const roleOnBucket = (p: Parties, principal: string, action: string, resource: string): PolicyRequest => ({ principal, action, resource, resourceAccount: p.deployment.primaryAccountId });

/** The member account's key ledger object. */
const ledgerObject = (p: Parties): string => bucketObject(p, `${LEDGER_FOLDER}/${ACCOUNTS.member}.json`);

/** An object of the deployment's bucket, under the stack's prefix unless `outside` (e.g. `reports/2026-01-05/keys.csv`). */
const bucketObject = (p: Parties, key: string, outside = false): string =>
  `arn:${p.partition}:s3:::${p.deployment.main.S3BucketName ?? ''}/${outside ? '' : `${p.deployment.main.S3BucketPrefix ?? DEFAULT_S3_PREFIX}/`}${key}`;

/** A CI token secret of delivery (issue 21), in the main stack's account. */
const tokenSecret = (p: Parties): string => `arn:${p.partition}:secretsmanager:${p.region}:${p.deployment.primaryAccountId}:secret:${DELIVERY_TOKEN_SECRET_PREFIX}github-${SECRET_SUFFIX}`;
/** The pending-delivery copy of alice's new key, beside her secret. */
const pendingCopy = (p: Parties): string => `arn:${p.partition}:secretsmanager:${p.region}:${p.secretsAccount}:secret:Account_${ACCOUNTS.member}_User_alice_AccessKey${PENDING_DELIVERY_SUFFIX}-${SECRET_SUFFIX}`;
const pendingCopyName = `Account_${ACCOUNTS.member}_User_alice_AccessKey${PENDING_DELIVERY_SUFFIX}`;
/** An SSM parameter in the member account. */
const memberParameter = (p: Parties, name: string): string => `arn:${p.partition}:ssm:${p.region}:${ACCOUNTS.member}:parameter${name}`;

export const MUST_DENY: readonly MatrixRow[] = grouped({
  // Reading a user's secret: only the user.
  'read': [
    { deployment: 'member', what: 'another user of the account (granted GetSecretValue on *) reads alice\'s secret', request: (p) => read(p.user('bob'), p.secretArn('alice')) },
    { deployment: 'member', what: 'an administrator role with secretsmanager:* reads alice\'s secret', request: (p) => read(p.admin(ACCOUNTS.member), p.secretArn('alice')) },
    { deployment: 'central', what: 'an administrator of the central account reads alice\'s secret', request: (p) => read(p.admin(ACCOUNTS.management), p.secretArn('alice')) },
    { deployment: 'central', what: 'a principal of another Organization account reads alice\'s secret', request: (p) => read(p.admin(ACCOUNTS.otherMember), p.secretArn('alice')) },
    { deployment: 'central', what: 'another user of alice\'s account (with the reader policy) reads alice\'s secret', request: (p) => read(p.user('bob'), p.secretArn('alice')) },
    { deployment: 'central', what: 'an administrator of the central account reads alice\'s replica (eu-west-1)', request: (p) => read(p.admin(ACCOUNTS.management), p.secretArn('alice', 'eu-west-1')) },
  ],
  // Break-glass: only the roles named, and only in the account holding the secret.
  'break-glass': [
    { deployment: 'member-break-glass', what: 'a role with a break-glass role\'s grant, not named in SecretBreakGlassPrincipals, reads alice\'s secret', request: (p) => read(p.unnamedWithBreakGlassGrant(ACCOUNTS.member), p.secretArn('alice')) },
    { deployment: 'central-break-glass', what: 'the same in the central account', request: (p) => read(p.unnamedWithBreakGlassGrant(ACCOUNTS.management), p.secretArn('alice')) },
    { deployment: 'member-break-glass', what: 'the break-glass role named for the other member account reads alice\'s secret (across accounts only the user is allowed)', request: (p) => read(p.breakGlass(ACCOUNTS.otherMember), p.secretArn('alice')) },
    { deployment: 'central-break-glass', what: 'the break-glass role named in alice\'s account reads her central secret (across accounts only the user is allowed)', request: (p) => read(p.breakGlass(ACCOUNTS.member), p.secretArn('alice')) },
  ],
  // No function role reads a value.
  'function-roles': [
    { deployment: 'member', what: 'the rotation execution role reads a secret value', request: (p) => read(p.rotationExecution, p.secretArn('alice')) },
    { deployment: 'member', what: 'the member role (rotation) reads a secret value', request: (p) => read(p.memberRole(), p.secretArn('alice')) },
    { deployment: 'central', what: 'the central-secrets role reads a secret value', request: (p) => read(p.centralSecretsRole, p.secretArn('alice')) },
    { deployment: 'central', what: 'the list-accounts role reads a secret value', request: (p) => read(p.listRole, p.secretArn('alice')) },
    { deployment: 'member', what: 'the inventory execution role reads a secret value', request: (p) => read(p.inventoryExecution, p.secretArn('alice')) },
    { deployment: 'member', what: 'the notifier execution role reads a secret value', request: (p) => read(p.notifierExecution, p.secretArn('alice')) },
  ],
  // The secrets key decrypts only through Secrets Manager, only for these secrets, each user only its own.
  'key': [
    { deployment: 'central', what: 'another Organization account decrypts with the secrets key directly (not via Secrets Manager)', request: (p) => ({ principal: p.admin(ACCOUNTS.otherMember), action: 'kms:Decrypt', resource: p.secretsKey ?? '' }) },
    { deployment: 'central', what: 'another Organization account decrypts via Secrets Manager a secret that is not the tool\'s', request: (p) => viaSecretsManager(p, p.admin(ACCOUNTS.otherMember), 'kms:Decrypt', p.foreignSecretArn) },
    { deployment: 'central', what: 'bob (reader policy, and kms:Decrypt on * of his own) decrypts alice\'s central secret through Secrets Manager', request: (p) => viaSecretsManager(p, p.user('bob'), 'kms:Decrypt', p.secretArn('alice')) },
    { deployment: 'central', what: 'a user named alice in another Organization account decrypts alice\'s central secret through Secrets Manager', request: (p) => viaSecretsManager(p, p.user('alice', ACCOUNTS.otherMember), 'kms:Decrypt', p.secretArn('alice')) },
    { deployment: 'central', what: 'an administrator of the central account decrypts alice\'s secret through Secrets Manager (a role has no user name)', request: (p) => viaSecretsManager(p, p.admin(ACCOUNTS.management), 'kms:Decrypt', p.secretArn('alice')) },
    { deployment: 'central', what: 'an administrator of the key\'s own account decrypts alice\'s secret through Secrets Manager (the account only administers the key)', request: (p) => viaSecretsManager(p, p.admin(ACCOUNTS.primary), 'kms:Decrypt', p.secretArn('alice')) },
    { deployment: 'central-break-glass', what: 'a role with a break-glass role\'s grant, not named, decrypts alice\'s secret through Secrets Manager', request: (p) => viaSecretsManager(p, p.unnamedWithBreakGlassGrant(ACCOUNTS.management), 'kms:Decrypt', p.secretArn('alice')) },
    { deployment: 'central', what: 'the central-secrets role decrypts with the key directly (not via Secrets Manager)', request: (p) => ({ principal: p.centralSecretsRole, action: 'kms:Decrypt', resource: p.secretsKey ?? '' }) },
    { deployment: 'central', what: 'the central-secrets role decrypts via Secrets Manager a secret that is not the tool\'s', request: (p) => viaSecretsManager(p, p.centralSecretsRole, 'kms:Decrypt', p.foreignSecretArn) },
    { deployment: 'central', what: 'the list-accounts role has Secrets Manager encrypt a central secret with the key (the central-secrets role\'s grant)', request: (p) => viaSecretsManager(p, p.listRole, 'kms:GenerateDataKey', p.secretArn('alice')) },
  ],
  // One role per job: the inventory lists, the central-secrets role writes secrets, nothing more.
  'one-role-per-job': [
    { deployment: 'central', what: 'the list-accounts role (the inventory\'s) writes a central secret', request: (p) => write(p.listRole, 'secretsmanager:PutSecretValue', p.secretArn('alice')) },
    { deployment: 'central', what: 'the list-accounts role puts a resource policy on a central secret', request: (p) => write(p.listRole, 'secretsmanager:PutResourcePolicy', p.secretArn('alice')) },
    { deployment: 'central', what: 'the list-accounts role assumes the central-secrets role', request: (p) => assume(p.listRole, p.centralSecretsRole) },
    { deployment: 'central', what: 'the inventory execution role assumes the central-secrets role', request: (p) => assume(p.inventoryExecution, p.centralSecretsRole) },
    // A secret is created in the caller's own account (CreateSecret cannot reach another): here, the solution account.
    { deployment: 'central', what: 'the inventory execution role creates a key secret in its own account', request: (p) => write(p.inventoryExecution, 'secretsmanager:CreateSecret', `arn:${p.partition}:secretsmanager:${p.region}:${p.deployment.primaryAccountId}:secret:Account_${ACCOUNTS.member}_User_alice_AccessKey-${SECRET_SUFFIX}`) },
    { deployment: 'member', what: 'the inventory execution role writes a member secret', request: (p) => write(p.inventoryExecution, 'secretsmanager:PutSecretValue', p.secretArn('alice')) },
    { deployment: 'central', what: 'the rotation execution role assumes the list-accounts role', request: (p) => assume(p.rotationExecution, p.listRole) },
    { deployment: 'central', what: 'the central-secrets role lists the Organization\'s accounts', request: (p) => ({ principal: p.centralSecretsRole, action: 'organizations:ListAccounts', resource: '*' }) },
    { deployment: 'central', what: 'the central-secrets role assumes the member role', request: (p) => assume(p.centralSecretsRole, p.memberRole()) },
    { deployment: 'central', what: 'the central-secrets role deletes a central secret', request: (p) => write(p.centralSecretsRole, 'secretsmanager:DeleteSecret', p.secretArn('alice')) },
    { deployment: 'central', what: 'the central-secrets role writes a secret of its account that is not the tool\'s', request: (p) => write(p.centralSecretsRole, 'secretsmanager:PutSecretValue', p.foreignSecretArn) },
    { deployment: 'central', what: 'the member role creates a secret in its own account in central mode (the central-secrets role writes them)', request: (p) => write(p.memberRole(), 'secretsmanager:CreateSecret', `arn:${p.partition}:secretsmanager:${p.region}:${ACCOUNTS.member}:secret:Account_${ACCOUNTS.member}_User_alice_AccessKey-${SECRET_SUFFIX}`) },
  ],
  // The notifier touches neither IAM nor secrets.
  'notifier': [
    { deployment: 'member', what: 'the notifier creates an access key in its own account', request: (p) => ({ principal: p.notifierExecution, action: 'iam:CreateAccessKey', resource: p.user('alice', p.deployment.primaryAccountId) }) },
    { deployment: 'member', what: 'the notifier assumes the member role', request: (p) => assume(p.notifierExecution, p.memberRole()) },
    { deployment: 'member', what: 'the notifier creates a secret in its own account', request: (p) => write(p.notifierExecution, 'secretsmanager:CreateSecret', `arn:${p.partition}:secretsmanager:${p.region}:${p.deployment.primaryAccountId}:secret:Account_${ACCOUNTS.member}_User_alice_AccessKey-${SECRET_SUFFIX}`) },
  ],
  // Trust: exact principals, inside the Organization.
  'trust': [
    // The trusted role itself, from a solution account no longer in the Organization: only aws:PrincipalOrgID can refuse it.
    { deployment: 'member', what: 'the rotation execution role, its account outside the Organization, assumes the member role', request: (p) => assume(p.rotationExecution, p.memberRole(), p.outsiderContext) },
    { deployment: 'member', what: 'a role of the Organization with another name assumes the member role', request: (p) => assume(p.insiderWithOtherName, p.memberRole()) },
    { deployment: 'member', what: 'the inventory execution role, its account outside the Organization, assumes the list-accounts role', request: (p) => assume(p.inventoryExecution, p.listRole, p.outsiderContext) },
    { deployment: 'member', what: 'a role of the Organization with another name assumes the list-accounts role', request: (p) => assume(p.insiderWithOtherName, p.listRole) },
    { deployment: 'central', what: 'the rotation execution role, its account outside the Organization, assumes the central-secrets role', request: (p) => assume(p.rotationExecution, p.centralSecretsRole, p.outsiderContext) },
    { deployment: 'central', what: 'a role of the Organization with another name assumes the central-secrets role', request: (p) => assume(p.insiderWithOtherName, p.centralSecretsRole) },
    { deployment: 'member', what: 'the rotation execution role assumes a role of the member role\'s name outside the Organization', request: (p) => assume(p.rotationExecution, p.outsideMemberRole, { 'aws:ResourceOrgID': p.outsiderContext['aws:PrincipalOrgID'] ?? '' }) },
  ],
  // The member role cannot grant permissions.
  'member-role': [
    { deployment: 'central', what: 'the member role attaches AdministratorAccess to a user', request: (p) => ({ principal: p.memberRole(), action: 'iam:AttachUserPolicy', resource: p.user('alice'), context: { 'iam:PolicyARN': `arn:${p.partition}:iam::aws:policy/AdministratorAccess` } }) },
    { deployment: 'central', what: 'the member role attaches the reader policy to a role', request: (p) => ({ principal: p.memberRole(), action: 'iam:AttachRolePolicy', resource: p.admin(ACCOUNTS.member), context: { 'iam:PolicyARN': p.readerPolicy() } }) },
    { deployment: 'member', what: 'the member role attaches the reader policy in member mode (it needs none)', request: (p) => ({ principal: p.memberRole(), action: 'iam:AttachUserPolicy', resource: p.user('alice'), context: { 'iam:PolicyARN': p.readerPolicy() } }) },
    { deployment: 'member', what: 'the member role creates a policy', request: (p) => ({ principal: p.memberRole(), action: 'iam:CreatePolicy', resource: `arn:${p.partition}:iam::${ACCOUNTS.member}:policy/escalate` }) },
    { deployment: 'member', what: 'the member role puts an inline policy on a user', request: (p) => ({ principal: p.memberRole(), action: 'iam:PutUserPolicy', resource: p.user('alice') }) },
    { deployment: 'member', what: 'the member role passes a role', request: (p) => ({ principal: p.memberRole(), action: 'iam:PassRole', resource: p.admin(ACCOUNTS.member), context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }) },
    { deployment: 'member', what: 'the member role creates a user', request: (p) => ({ principal: p.memberRole(), action: 'iam:CreateUser', resource: p.user('mallory') }) },
    { deployment: 'member', what: 'the member role deletes a secret it did not create', request: (p) => write(p.memberRole(), 'secretsmanager:DeleteSecret', p.foreignSecretArn) },
    { deployment: 'member', what: 'the member role overwrites a secret it did not create', request: (p) => write(p.memberRole(), 'secretsmanager:PutSecretValue', p.foreignSecretArn) },
    { deployment: 'member', what: 'the member role tags a user with a tag key the tool does not own', request: (p) => ({ principal: p.memberRole(), action: 'iam:TagUser', resource: p.user('alice'), context: { 'aws:TagKeys': ['owner'], 'aws:RequestTag/owner': 'mallory@example.com' } }) },
    // IAM acts only in the caller's account: the way into another account is assuming its member role.
    { deployment: 'member', what: 'the member role assumes the member role of another account', request: (p) => assume(p.memberRole(), p.memberRole(ACCOUNTS.otherMember)) },
  ],
  // With the README's service control policy, nobody but the rotation replaces a secret's policy or changes the roles that may.
  'guardrail': [
    { deployment: 'member-scp', what: 'an administrator replaces alice\'s secret\'s resource policy', request: (p) => write(p.admin(ACCOUNTS.member), 'secretsmanager:PutResourcePolicy', p.secretArn('alice')) },
    { deployment: 'member-scp', what: 'an administrator deletes alice\'s secret\'s resource policy', request: (p) => write(p.admin(ACCOUNTS.member), 'secretsmanager:DeleteResourcePolicy', p.secretArn('alice')) },
    { deployment: 'member-scp', what: 'an administrator makes the member role trust someone else', request: (p) => write(p.admin(ACCOUNTS.member), 'iam:UpdateAssumeRolePolicy', p.memberRole()) },
    { deployment: 'member-scp', what: 'an administrator puts an inline policy on the member role', request: (p) => write(p.admin(ACCOUNTS.member), 'iam:PutRolePolicy', p.memberRole()) },
    { deployment: 'central-scp', what: 'an administrator of the central account (a delegated administrator) replaces alice\'s secret\'s resource policy', request: (p) => write(p.admin(ACCOUNTS.delegatedAdmin), 'secretsmanager:PutResourcePolicy', p.secretArn('alice')) },
  ],
  // The notifier only reads run digests and records what it told once: the run's state and the key report are not its own,
  // and nothing of what the stack runs from.
  'notifier-bucket': [
    { deployment: 'member', what: `the notifier writes the run's ${KEY_REPORT.folder}/<date>/${KEY_REPORT.csv} (the close-run step does)`, request: (p) => notifierOnBucket(p, 's3:PutObject', bucketObject(p, `${KEY_REPORT.folder}/2026-01-05/${KEY_REPORT.csv}`)) },
    { deployment: 'member', what: `the notifier writes an account's result into ${DIGEST_FOLDERS.runs}/`, request: (p) => notifierOnBucket(p, 's3:PutObject', bucketObject(p, `${DIGEST_FOLDERS.runs}/run-1/${ACCOUNTS.member}.json`)) },
    { deployment: 'member', what: `the notifier writes a run's digest into ${DIGEST_FOLDERS.digests}/`, request: (p) => notifierOnBucket(p, 's3:PutObject', bucketObject(p, `${DIGEST_FOLDERS.digests}/run-1.json`)) },
    { deployment: 'member', what: 'the notifier overwrites the rotation function\'s code in the bucket', request: (p) => notifierOnBucket(p, 's3:PutObject', bucketObject(p, `${S3_FOLDERS.lambda}/${ZIP_NAMES.rotation}`)) },
    { deployment: 'member', what: 'the notifier overwrites an email template', request: (p) => notifierOnBucket(p, 's3:PutObject', bucketObject(p, `${S3_FOLDERS.template}/${EMAIL_TEMPLATES.enforce}`)) },
    { deployment: 'member', what: `the notifier writes a ${KEY_REPORT.folder}/ folder outside the stack's prefix`, request: (p) => notifierOnBucket(p, 's3:PutObject', bucketObject(p, `${KEY_REPORT.folder}/2026-01-05/${KEY_REPORT.csv}`, true)) },
    { deployment: 'member', what: 'the notifier reads the key report back', request: (p) => notifierOnBucket(p, 's3:GetObject', bucketObject(p, `${KEY_REPORT.folder}/2026-01-05/${KEY_REPORT.csv}`)) },
    // Its once-told records may be deleted (a failed mail gives them back); nothing else it did not write.
    { deployment: 'member', what: 'the notifier deletes the rotation function\'s code from the bucket', request: (p) => notifierOnBucket(p, 's3:DeleteObject', bucketObject(p, `${S3_FOLDERS.lambda}/${ZIP_NAMES.rotation}`)) },
  ],
  // Central replicas stay sealed: encrypted by the multi-Region key's replicas, never by aws/secretsmanager.
  'replicas': [
    { deployment: 'central', what: 'an administrator of the central account decrypts alice\'s replica (eu-west-1) through Secrets Manager', request: (p) => viaSecretsManager(p, p.admin(ACCOUNTS.management), 'kms:Decrypt', p.secretArn('alice', 'eu-west-1'), 'eu-west-1') },
  ],
  // The writer roles set each secret's policy; whatever policy they set, their own Deny (and the SCP) keeps them from reading.
  'writers-never-read': [
    { deployment: 'member', what: 'the member role puts a policy allowing itself on alice\'s secret, then reads it', request: (p) => readThroughOwnPolicy(p, p.memberRole()) },
    { deployment: 'central', what: 'the central-secrets role puts a policy allowing itself on alice\'s secret, then reads it', request: (p) => readThroughOwnPolicy(p, p.centralSecretsRole) },
    { deployment: 'member-scp', what: 'the same for the member role, under the service control policy', request: (p) => readThroughOwnPolicy(p, p.memberRole()) },
    { deployment: 'central-scp', what: 'the same for the central-secrets role, under the service control policy', request: (p) => readThroughOwnPolicy(p, p.centralSecretsRole) },
  ],
  // The break-glass roles are exempted by name: the SCP keeps the roles behind those names as deployed.
  'break-glass-guardrail': [
    { deployment: 'member-break-glass-scp', what: 'an administrator of the member account makes the named break-glass role trust itself', request: (p) => write(p.admin(ACCOUNTS.member), 'iam:UpdateAssumeRolePolicy', p.breakGlass(ACCOUNTS.member)) },
    { deployment: 'member-break-glass-scp', what: 'an administrator of the member account puts an inline policy on the named break-glass role', request: (p) => write(p.admin(ACCOUNTS.member), 'iam:PutRolePolicy', p.breakGlass(ACCOUNTS.member)) },
  ],
  // Only the tool fills its queues: each work queue takes messages from its producers only, each dead-letter queue from SQS only.
  'queues': [
    { deployment: 'member', what: 'an administrator of the solution account (sqs:*) sends the rotation function a command (ForceRotate "*") through its queue', request: (p) => send(p.admin(ACCOUNTS.primary), p.queue('rotation')) },
    { deployment: 'member', what: 'an administrator of the solution account sends the notifier a message (mail to any address from the admin sender)', request: (p) => send(p.admin(ACCOUNTS.primary), p.queue('notification')) },
    { deployment: 'member', what: 'an administrator of the solution account sends to the rotation dead-letter queue', request: (p) => send(p.admin(ACCOUNTS.primary), p.queue('rotationDlq')) },
    { deployment: 'member', what: 'an administrator of the solution account sends to the notification dead-letter queue', request: (p) => send(p.admin(ACCOUNTS.primary), p.queue('notificationDlq')) },
    { deployment: 'member-operators', what: 'an operator role named in OperatorPrincipals sends the notifier a message (operators command the rotation only)', request: (p) => send(p.operator, p.queue('notification')) },
  ],
  // Secret names keep users apart: a name and its prefix, a user with a path, every character IAM allows but ",".
  'user-names': [
    { deployment: 'central', what: 'al (the reader policy) reads alice\'s central secret', request: (p) => read(p.user('al'), p.secretArn('alice')) },
    { deployment: 'central', what: 'alice reads al\'s central secret', request: (p) => read(p.user('alice'), p.secretArn('al')) },
    { deployment: 'central', what: 'al decrypts alice\'s central secret through Secrets Manager', request: (p) => viaSecretsManager(p, p.user('al'), 'kms:Decrypt', p.secretArn('alice')) },
    { deployment: 'central', what: 'carol (path /dev/) reads alice\'s central secret', request: (p) => read(p.user('carol'), p.secretArn('alice')) },
    { deployment: 'central', what: 'the user a+b=c.d@e-f reads alice\'s central secret', request: (p) => read(p.user('a+b=c.d@e-f'), p.secretArn('alice')) },
    { deployment: 'member', what: 'al reads alice\'s secret in their account', request: (p) => read(p.user('al'), p.secretArn('alice')) },
  ],
  // Delivery (issue 21): the CI tokens are the rotation function's alone; SSM writes stay under DeliverySsmPathPrefix.
  'delivery': [
    { deployment: 'member', what: 'the inventory execution role reads the GitHub token secret', request: (p) => read(p.inventoryExecution, tokenSecret(p)) },
    { deployment: 'member', what: 'the notifier execution role reads the GitHub token secret', request: (p) => read(p.notifierExecution, tokenSecret(p)) },
    { deployment: 'member', what: 'the member role reads the GitHub token secret', request: (p) => read(p.memberRole(), tokenSecret(p)) },
    { deployment: 'central', what: 'the list-accounts role reads the GitHub token secret', request: (p) => read(p.listRole, tokenSecret(p)) },
    { deployment: 'central', what: 'the central-secrets role reads the GitHub token secret', request: (p) => read(p.centralSecretsRole, tokenSecret(p)) },
    { deployment: 'member', what: 'the rotation execution role reads a secret of its account outside iam-key-rotation/delivery/', request: (p) => read(p.rotationExecution, `arn:${p.partition}:secretsmanager:${p.region}:${p.deployment.primaryAccountId}:secret:prod/database-${SECRET_SUFFIX}`) },
    { deployment: 'member', what: 'the rotation execution role reads alice\'s pending-delivery copy (only the role that wrote it may)', request: (p) => read(p.rotationExecution, pendingCopy(p)) },
    { deployment: 'member', what: 'the member role writes an SSM parameter outside DeliverySsmPathPrefix', request: (p) => write(p.memberRole(), 'ssm:PutParameter', memberParameter(p, '/prod/database/password')) },
    { deployment: 'member', what: 'the rotation execution role writes an SSM parameter in the member account', request: (p) => write(p.rotationExecution, 'ssm:PutParameter', memberParameter(p, `${DEFAULT_DELIVERY_SSM_PATH_PREFIX}ci-deployer`)) },
  ],
  // The key ledger (docs/ledger.md): the rotation function's alone, and it writes nowhere else in the bucket.
  'ledger': [
    { deployment: 'member', what: 'the notifier overwrites an account\'s key ledger', request: (p) => roleOnBucket(p, p.notifierExecution, 's3:PutObject', ledgerObject(p)) },
    { deployment: 'member', what: 'the notifier reads an account\'s key ledger', request: (p) => roleOnBucket(p, p.notifierExecution, 's3:GetObject', ledgerObject(p)) },
    { deployment: 'member', what: 'the inventory function reads an account\'s key ledger', request: (p) => roleOnBucket(p, p.inventoryExecution, 's3:GetObject', ledgerObject(p)) },
    { deployment: 'member', what: 'the rotation function deletes an account\'s key ledger', request: (p) => roleOnBucket(p, p.rotationExecution, 's3:DeleteObject', ledgerObject(p)) },
    { deployment: 'member', what: `the rotation function writes a ${LEDGER_FOLDER}/ folder outside the stack's prefix`, request: (p) => roleOnBucket(p, p.rotationExecution, 's3:PutObject', bucketObject(p, `${LEDGER_FOLDER}/${ACCOUNTS.member}.json`, true)) },
    // The member role gains cloudtrail:LookupEvents and nothing else of CloudTrail.
    { deployment: 'member', what: 'the member role stops a trail\'s logging', request: (p) => ({ principal: p.memberRole(), action: 'cloudtrail:StopLogging', resource: `arn:${p.partition}:cloudtrail:${p.region}:${ACCOUNTS.member}:trail/organization-trail` }) },
    { deployment: 'member', what: 'the member role deletes a trail', request: (p) => ({ principal: p.memberRole(), action: 'cloudtrail:DeleteTrail', resource: `arn:${p.partition}:cloudtrail:${p.region}:${ACCOUNTS.member}:trail/organization-trail` }) },
    { deployment: 'member', what: 'the member role queries CloudTrail Lake', request: (p) => ({ principal: p.memberRole(), action: 'cloudtrail:StartQuery', resource: `arn:${p.partition}:cloudtrail:${p.region}:${ACCOUNTS.member}:eventdatastore/00000000-0000-0000-0000-000000000000` }) },
  ],
  // The rotation role keeps the run's state under Runs/ and writes nothing else in the bucket but a run's close record and key report.
  'rotation-bucket': [
    { deployment: 'member', what: 'the rotation execution role overwrites an email template', request: (p) => rotationOnBucket(p, 's3:PutObject', bucketObject(p, `${S3_FOLDERS.template}/${EMAIL_TEMPLATES.enforce}`)) },
    { deployment: 'member', what: 'the rotation execution role overwrites the rotation function\'s code in the bucket', request: (p) => rotationOnBucket(p, 's3:PutObject', bucketObject(p, `${S3_FOLDERS.lambda}/${ZIP_NAMES.rotation}`)) },
    { deployment: 'member', what: `the rotation execution role writes into ${DIGEST_FOLDERS.runs}/ outside the stack's prefix`, request: (p) => rotationOnBucket(p, 's3:PutObject', bucketObject(p, `${DIGEST_FOLDERS.runs}/run-1/${ACCOUNTS.member}.json`, true)) },
    { deployment: 'member', what: `the rotation execution role deletes what the notifier told once (${DIGEST_FOLDERS.reminders}/)`, request: (p) => rotationOnBucket(p, 's3:DeleteObject', bucketObject(p, `${DIGEST_FOLDERS.reminders}/2026-01-05/digest/run-1`)) },
  ],
  // A key administrator named in KeyAdministratorArns administers the secrets key, and cannot use it.
  'key-administrators': [
    { deployment: 'central-key-admins', what: 'the key administrator named in KeyAdministratorArns decrypts alice\'s secret through Secrets Manager', request: (p) => viaSecretsManager(p, p.keyAdministrator, 'kms:Decrypt', p.secretArn('alice')) },
    { deployment: 'central-key-admins', what: 'the key administrator decrypts with the secrets key directly', request: (p) => ({ principal: p.keyAdministrator, action: 'kms:Decrypt', resource: p.secretsKey ?? '' }) },
    { deployment: 'central-key-admins', what: 'the key administrator grants itself the use of the secrets key (kms:CreateGrant)', request: (p) => ({ principal: p.keyAdministrator, action: 'kms:CreateGrant', resource: p.secretsKey ?? '' }) },
  ],
});

/**
 * Requests the templates allow although they lead past a secret's Deny: the
 * README says so and names what closes each (the service control policy of
 * the rows above, or whom you must trust). Expected Allow, so that a template
 * change closing one fails here, and the row moves to MUST_DENY.
 */
export const KNOWN_PATHS: readonly MatrixRow[] = grouped({
  // A principal allowed to change a secret's resource policy: closed by the README's service control policy.
  'secret-policy': [
    { deployment: 'member', what: 'an administrator replaces alice\'s secret\'s resource policy (then allows itself to read)', request: (p) => write(p.admin(ACCOUNTS.member), 'secretsmanager:PutResourcePolicy', p.secretArn('alice')) },
    { deployment: 'member', what: 'an administrator deletes alice\'s secret\'s resource policy (then reads with its own grant)', request: (p) => write(p.admin(ACCOUNTS.member), 'secretsmanager:DeleteResourcePolicy', p.secretArn('alice')) },
  ],
  // Central mode: the management account and the key's administrators.
  'central': [
    { deployment: 'central', what: 'an administrator of the central account, the management account that no SCP restricts, replaces alice\'s secret\'s policy (it still cannot decrypt, in any Region: the key and its replicas let only alice)', request: (p) => write(p.admin(ACCOUNTS.management), 'secretsmanager:PutResourcePolicy', p.secretArn('alice')) },
    { deployment: 'central', what: 'an administrator of the key\'s account changes the key policy (then lets the central account decrypt)', request: (p) => ({ principal: p.admin(ACCOUNTS.primary), action: 'kms:PutKeyPolicy', resource: p.secretsKey ?? '' }) },
  ],
  // What the SCP does not stop for a break-glass name: the management account, which no SCP restricts.
  'break-glass': [
    { deployment: 'member-break-glass-scp', what: 'an administrator of the management account, which no SCP restricts, makes the break-glass role named there trust itself (then reads that account\'s secrets)', request: (p) => write(p.admin(ACCOUNTS.management), 'iam:UpdateAssumeRolePolicy', p.breakGlass(ACCOUNTS.management)) },
  ],
  // Delivery tokens: the stack's roles cannot read them, an administrator of the main account can unless the token
  // secret's own resource policy denies it (docs/delivery.md gives that policy).
  'delivery-tokens': [
    { deployment: 'member', what: 'an administrator of the main stack\'s account reads the GitHub token secret (close: its resource policy)', request: (p) => read(p.admin(p.deployment.primaryAccountId), tokenSecret(p)) },
  ],
});

/** Lambda attaches a function in a VPC with the function's execution role (ec2 network-interface calls take no resource). */
const attachToVpc = (principal: (p: Parties) => string, fn: string): MatrixRow => ({
  deployment: 'vpc',
  what: `Lambda creates the network interface of the ${fn} function`,
  request: (p) => ({ principal: principal(p), action: 'ec2:CreateNetworkInterface', resource: '*' }),
});

export const MUST_ALLOW_BY_DESIGN: readonly MatrixRow[] = grouped({
  // The key's user reads its own secret.
  'user': [
    { deployment: 'member', what: 'alice reads her own secret', request: (p) => read(p.user('alice'), p.secretArn('alice')) },
    { deployment: 'central', what: 'alice reads her own secret in the central account', request: (p) => read(p.user('alice'), p.secretArn('alice')) },
    { deployment: 'central', what: 'Secrets Manager decrypts alice\'s secret for her (key policy and reader policy)', request: (p) => viaSecretsManager(p, p.user('alice'), 'kms:Decrypt', p.secretArn('alice')) },
    { deployment: 'central', what: 'Secrets Manager decrypts alice\'s replica (eu-west-1) for her, with the key\'s replica there', request: (p) => viaSecretsManager(p, p.user('alice'), 'kms:Decrypt', p.secretArn('alice', 'eu-west-1'), 'eu-west-1') },
  ],
  // Every name reads its own: a prefix of another, a path, the characters +=.@-.
  'user-names': [
    { deployment: 'central', what: 'al reads her own central secret', request: (p) => read(p.user('al'), p.secretArn('al')) },
    { deployment: 'central', what: 'Secrets Manager decrypts al\'s central secret for her', request: (p) => viaSecretsManager(p, p.user('al'), 'kms:Decrypt', p.secretArn('al')) },
    { deployment: 'central', what: 'carol (path /dev/) reads her own central secret', request: (p) => read(p.user('carol'), p.secretArn('carol')) },
    { deployment: 'central', what: 'Secrets Manager decrypts carol\'s central secret for her', request: (p) => viaSecretsManager(p, p.user('carol'), 'kms:Decrypt', p.secretArn('carol')) },
    { deployment: 'central', what: 'the user a+b=c.d@e-f reads its own central secret', request: (p) => read(p.user('a+b=c.d@e-f'), p.secretArn('a+b=c.d@e-f')) },
    { deployment: 'central', what: 'Secrets Manager decrypts it for that user', request: (p) => viaSecretsManager(p, p.user('a+b=c.d@e-f'), 'kms:Decrypt', p.secretArn('a+b=c.d@e-f')) },
    { deployment: 'member', what: 'al reads her own secret in her account', request: (p) => read(p.user('al'), p.secretArn('al')) },
  ],
  // The break-glass roles named read it, and the user still does.
  'break-glass': [
    { deployment: 'member-break-glass', what: 'the break-glass role named for the member account reads alice\'s secret', request: (p) => read(p.breakGlass(ACCOUNTS.member), p.secretArn('alice')) },
    { deployment: 'member-break-glass', what: 'alice still reads her own secret', request: (p) => read(p.user('alice'), p.secretArn('alice')) },
    { deployment: 'central-break-glass', what: 'the break-glass role named for the central account reads alice\'s secret', request: (p) => read(p.breakGlass(ACCOUNTS.management), p.secretArn('alice')) },
    { deployment: 'central-break-glass', what: 'Secrets Manager decrypts alice\'s secret for it (key policy BreakGlassDecryptsKeySecrets)', request: (p) => viaSecretsManager(p, p.breakGlass(ACCOUNTS.management), 'kms:Decrypt', p.secretArn('alice')) },
  ],
  // The service control policy leaves the rotation and the StackSet their work.
  'guardrail': [
    { deployment: 'member-scp', what: 'under the service control policy, the member role still puts alice\'s secret\'s policy, as every rotation does', request: (p) => write(p.memberRole(), 'secretsmanager:PutResourcePolicy', p.secretArn('alice')) },
    { deployment: 'member-scp', what: 'the StackSet execution role still updates the member role', request: (p) => write(p.stackSetExecution(ACCOUNTS.member), 'iam:PutRolePolicy', p.memberRole()) },
    { deployment: 'central-scp', what: 'the central-secrets role still puts alice\'s secret\'s policy', request: (p) => write(p.centralSecretsRole, 'secretsmanager:PutResourcePolicy', p.secretArn('alice')) },
    { deployment: 'central-scp', what: 'alice still reads her own secret in the delegated administrator account', request: (p) => read(p.user('alice'), p.secretArn('alice')) },
    { deployment: 'member-break-glass-scp', what: 'under the service control policy, the named break-glass role still reads alice\'s secret (the SCP keeps the role, not who it trusts)', request: (p) => read(p.breakGlass(ACCOUNTS.member), p.secretArn('alice')) },
  ],
  // VPC mode: what Lambda and the notifier need there.
  'vpc': [
    attachToVpc((p) => p.rotationExecution, 'rotation'),
    attachToVpc((p) => p.inventoryExecution, 'inventory'),
    attachToVpc((p) => p.notifierExecution, 'notifier'),
    {
      deployment: 'vpc',
      what: 'the notifier reads the SMTP password from SSM',
      request: (p) => ({ principal: p.notifierExecution, action: 'ssm:GetParameter', resource: `arn:${p.partition}:ssm:${p.region}:${p.deployment.primaryAccountId}:parameter${p.deployment.main.SMTPPasswordParamName ?? '/iam-key-rotation/smtp/password'}` }),
    },
  ],
  // The queues' producers, and the operators the stack names.
  'queues': [
    { deployment: 'member', what: 'the inventory execution role enqueues an account for the rotation', request: (p) => send(p.inventoryExecution, p.queue('rotation')) },
    { deployment: 'member', what: 'the rotation execution role enqueues a notification', request: (p) => send(p.rotationExecution, p.queue('notification')) },
    { deployment: 'member-operators', what: 'an operator role named in OperatorPrincipals sends the rotation function a command through its queue', request: (p) => send(p.operator, p.queue('rotation')) },
  ],
  // The run's state and what the close-run step writes: the account results, the close record with its digest, the key report.
  'run-state': [
    { deployment: 'member', what: `the rotation execution role writes an account's result to ${DIGEST_FOLDERS.runs}/<runId>/<accountId>.json`, request: (p) => rotationOnBucket(p, 's3:PutObject', bucketObject(p, `${DIGEST_FOLDERS.runs}/run-1/${ACCOUNTS.member}.json`)) },
    { deployment: 'member', what: `the rotation execution role closes a run: ${DIGEST_FOLDERS.digests}/<runId>.json`, request: (p) => rotationOnBucket(p, 's3:PutObject', bucketObject(p, `${DIGEST_FOLDERS.digests}/run-1.json`)) },
    { deployment: 'member', what: `the rotation execution role writes the run's ${KEY_REPORT.folder}/<date>/${KEY_REPORT.csv}`, request: (p) => rotationOnBucket(p, 's3:PutObject', bucketObject(p, `${KEY_REPORT.folder}/2026-01-05/${KEY_REPORT.csv}`)) },
    { deployment: 'member', what: `the rotation execution role writes the run's ${KEY_REPORT.folder}/<date>/${KEY_REPORT.json}`, request: (p) => rotationOnBucket(p, 's3:PutObject', bucketObject(p, `${KEY_REPORT.folder}/2026-01-05/${KEY_REPORT.json}`)) },
    { deployment: 'member', what: `the notifier reads a closed run's digest from ${DIGEST_FOLDERS.digests}/`, request: (p) => notifierOnBucket(p, 's3:GetObject', bucketObject(p, `${DIGEST_FOLDERS.digests}/run-1.json`)) },
  ],
  // Delivery (issue 21): the rotation function reads the CI tokens, the member role writes under its prefix and reads back its copy.
  'delivery': [
    { deployment: 'member', what: 'the rotation execution role reads the GitHub token secret', request: (p) => read(p.rotationExecution, tokenSecret(p)) },
    { deployment: 'member', what: 'the member role writes the SSM parameter /iam-key-rotation/ci-deployer', request: (p) => write(p.memberRole(), 'ssm:PutParameter', memberParameter(p, `${DEFAULT_DELIVERY_SSM_PATH_PREFIX}ci-deployer`)) },
    { deployment: 'member', what: 'the member role reads back alice\'s pending-delivery copy for a retry', request: (p) => ({ ...read(p.memberRole(), pendingCopy(p)), context: { 'secretsmanager:SecretId': pendingCopyName } }) },
    { deployment: 'central', what: 'the central-secrets role reads back alice\'s pending-delivery copy for a retry', request: (p) => ({ ...read(p.centralSecretsRole, pendingCopy(p)), context: { 'secretsmanager:SecretId': pendingCopyName } }) },
  ],
  // The key ledger and where keys are still used (docs/ledger.md).
  'ledger': [
    { deployment: 'member', what: 'the rotation function reads an account\'s key ledger', request: (p) => roleOnBucket(p, p.rotationExecution, 's3:GetObject', ledgerObject(p)) },
    { deployment: 'member', what: 'the rotation function writes an account\'s key ledger', request: (p) => roleOnBucket(p, p.rotationExecution, 's3:PutObject', ledgerObject(p)) },
    { deployment: 'member', what: 'the member role looks up where a key is used (CloudTrail LookupEvents)', request: (p) => ({ principal: p.memberRole(), action: 'cloudtrail:LookupEvents', resource: '*' }) },
  ],
  // The key administrators KeyAdministratorArns names administer the secrets key by its policy alone, whatever IAM policies say.
  'key-administrators': [
    { deployment: 'central-key-admins', what: 'the key administrator (no IAM policy of its own) changes the secrets key\'s policy', request: (p) => ({ principal: p.keyAdministrator, action: 'kms:PutKeyPolicy', resource: p.secretsKey ?? '' }) },
    { deployment: 'central-key-admins', what: 'the key administrator schedules the secrets key\'s deletion (and can cancel it)', request: (p) => ({ principal: p.keyAdministrator, action: 'kms:ScheduleKeyDeletion', resource: p.secretsKey ?? '' }) },
  ],
});

export const EXPECTED: Readonly<Record<'deny' | 'allow', readonly Verdict[]>> = {
  deny: ['ExplicitlyDenied', 'ImplicitlyDenied'],
  allow: ['Allowed'],
};
