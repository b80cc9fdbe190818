/**
 * Execution roles of the three functions: exactly what each one calls, on the
 * resources it calls it on (docs/design.md#6-security-model).
 */
import { Fn, IAM as CfnIAM, type IntrinsicFunction } from 'cloudform';
import { allow, EC2, LOGS, policy, SECRETS_MANAGER, SES, SQS, SSM, STS, S3, trust, when, type Statement } from '../lib/iam';
import { DELIVERY_CONFIG, DELIVERY_TOKEN_SECRET_PREFIX, DIGEST_FOLDERS, FUNCTION_NAMES, KEY_REPORT, LEDGER_FOLDER, ROLE_NAMES, S3_FOLDERS, type FunctionKey } from '../../contract/names';
import { CONDITION } from './conditions';
import { IDS, ROLE_IDS } from './logical-ids';
import { ref } from './parameters';

const lambdaTrust = policy(trust('LambdaService', { Service: 'lambda.amazonaws.com' }));

const logs = (key: FunctionKey): Statement =>
  allow('WriteOwnLogs', [LOGS.CreateLogStream, LOGS.PutLogEvents], Fn.Sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${FUNCTION_NAMES[key]}:*`, {}));

/** Network interfaces for functions in a VPC; EC2 does not scope these to resources. */
const vpcAccess = when(
  CONDITION.runInVpc,
  allow('VpcNetworkInterfaces', [
    EC2.CreateNetworkInterface,
    EC2.DescribeNetworkInterfaces,
    EC2.DeleteNetworkInterface,
    EC2.AssignPrivateIpAddresses,
    EC2.UnassignPrivateIpAddresses,
    EC2.DescribeSubnets,
    EC2.DescribeSecurityGroups,
    EC2.DescribeVpcs,
  ], '*'),
);

/** Objects under one folder of the artifacts bucket's prefix. */
const s3Objects = (folder: string): IntrinsicFunction => Fn.Sub(`arn:\${AWS::Partition}:s3:::\${S3BucketName}/\${S3BucketPrefix}/${folder}/*`, {});

const consume = (queueId: string): Statement =>
  allow('ConsumeQueue', [SQS.ReceiveMessage, SQS.DeleteMessage, SQS.ChangeMessageVisibility, SQS.GetQueueAttributes], Fn.GetAtt(queueId, 'Arn'));

const role = (key: FunctionKey, roleName: IntrinsicFunction | string, statements: (Statement | IntrinsicFunction)[]) =>
  new CfnIAM.Role({
    RoleName: roleName,
    Description: `Execution role of ${FUNCTION_NAMES[key]}`,
    AssumeRolePolicyDocument: lambdaTrust,
    Policies: [{ PolicyName: 'least-privilege', PolicyDocument: policy(logs(key), ...statements, vpcAccess) }],
  });

export const roles = {
  [ROLE_IDS.rotation]: role('rotation', ref('ExecutionRoleName'), [
    allow(
      'AssumeMemberRoles',
      [STS.AssumeRole],
      Fn.Sub('arn:${AWS::Partition}:iam::*:role/${IAMRoleName}', {}),
      { StringEquals: { 'aws:ResourceOrgID': ref('AWSOrgID') } },
    ),
    // Central mode: the central-secrets role, which only writes secrets; the list-accounts role is the inventory's alone.
    when(CONDITION.centralSecrets, allow('AssumeCentralSecretsRole', [STS.AssumeRole], Fn.Sub('arn:${AWS::Partition}:iam::${OrgListAccount}:role/${CentralSecretsRoleName}', {}))),
    consume(IDS.rotationQueue),
    allow('SendNotifications', [SQS.SendMessage], Fn.GetAtt(IDS.notificationQueue, 'Arn')),
    // Delivery (docs/delivery.md): the reviewed delivery.yaml, and the CI tokens, which no other role of the stack may read.
    allow('ReadDeliveryConfig', [S3.GetObject], Fn.Sub(`arn:\${AWS::Partition}:s3:::\${S3BucketName}/\${S3BucketPrefix}/${DELIVERY_CONFIG.folder}/${DELIVERY_CONFIG.file}`, {})),
    // So that a missing file is NoSuchKey (no delivery), not AccessDenied (a failure).
    allow('SeeWhetherDeliveryConfigExists', [S3.ListBucket], Fn.Sub('arn:${AWS::Partition}:s3:::${S3BucketName}', {}), {
      StringLike: { 's3:prefix': Fn.Sub(`\${S3BucketPrefix}/${DELIVERY_CONFIG.folder}/${DELIVERY_CONFIG.file}`, {}) },
    }),
    allow('ReadDeliveryTokens', [SECRETS_MANAGER.GetSecretValue], Fn.Sub(`arn:\${AWS::Partition}:secretsmanager:*:\${AWS::AccountId}:secret:${DELIVERY_TOKEN_SECRET_PREFIX}*`, {})),
    // The key ledger (docs/ledger.md): one object per account, read and rewritten by this role alone, under Ledger/ only.
    allow('KeepKeyLedger', [S3.GetObject, S3.PutObject], Fn.Sub(`arn:\${AWS::Partition}:s3:::\${S3BucketName}/\${S3BucketPrefix}/${LEDGER_FOLDER}/*`, {})),
    // The run's state (docs/run.md): each account's result of a scheduled run, read back and deleted by the close-run step.
    // This role is the only writer of Runs/.
    allow('KeepRunState', [S3.GetObject, S3.PutObject, S3.DeleteObject], s3Objects(DIGEST_FOLDERS.runs)),
    // Closing a run: its record in the claim-once store, created with If-None-Match and holding the digest; deleted
    // (given back) only when closing failed half-way. Never read back by this role.
    allow('RecordClosedRuns', [S3.PutObject, S3.DeleteObject], s3Objects(DIGEST_FOLDERS.digests)),
    // The key report of each closed run: written (overwritten by a later run of the day), never read back.
    allow('WriteKeyReport', [S3.PutObject], s3Objects(KEY_REPORT.folder)),
    // Listing Runs/ shows which accounts of a run have reported and which runs are open; nothing else in the bucket can be listed.
    allow('ListRuns', [S3.ListBucket], Fn.Sub('arn:${AWS::Partition}:s3:::${S3BucketName}', {}), {
      StringLike: { 's3:prefix': [Fn.Sub(`\${S3BucketPrefix}/${DIGEST_FOLDERS.runs}/*`, {})] },
    }),
  ]),
  [ROLE_IDS.inventory]: role('inventory', ref('InventoryExecutionRoleName'), [
    allow('AssumeListAccountsRole', [STS.AssumeRole], Fn.Sub('arn:${AWS::Partition}:iam::${OrgListAccount}:role/${OrgListRole}', {})),
    allow('EnqueueAccounts', [SQS.SendMessage], Fn.GetAtt(IDS.rotationQueue, 'Arn')),
  ]),
  [ROLE_IDS.notifier]: role('notifier', ROLE_NAMES.notifierExecution, [
    consume(IDS.notificationQueue),
    // SES v2 SendEmail (Simple content) is authorised as ses:SendEmail; SMTP in VPC mode signs with SMTP credentials, not this role.
    allow('SendFromAdminAddress', [SES.SendEmail], Fn.Sub('arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*', {}), {
      StringEquals: { 'ses:FromAddress': ref('AdminEmailAddress') },
    }),
    allow('ReadEmailTemplates', [S3.GetObject], Fn.Sub(`arn:\${AWS::Partition}:s3:::\${S3BucketName}/\${S3BucketPrefix}/${S3_FOLDERS.template}/*`, {})),
    // A closed run's digest, written by the close-run step (the rotation role): read, never written.
    allow('ReadRunDigests', [S3.GetObject], s3Objects(DIGEST_FOLDERS.digests)),
    // What each key owner and account contact was told once (a reminder, a postponement), and which run's digest was
    // sent: created with If-None-Match, deleted when the mail failed or the record is old. No GetObject: a record's
    // existence is all that is read.
    allow('RecordWhatWasToldOnce', [S3.PutObject, S3.DeleteObject], s3Objects(DIGEST_FOLDERS.reminders)),
    // Reminders/ lists which records are old enough to sweep; nothing else in the bucket can be listed.
    allow('ListTemplatesAndReminders', [S3.ListBucket], Fn.Sub('arn:${AWS::Partition}:s3:::${S3BucketName}', {}), {
      StringLike: {
        's3:prefix': [Fn.Sub(`\${S3BucketPrefix}/${S3_FOLDERS.template}/*`, {}), Fn.Sub(`\${S3BucketPrefix}/${DIGEST_FOLDERS.reminders}/*`, {})],
      },
    }),
    when(
      CONDITION.runInVpc,
      allow('ReadSmtpCredentials', [SSM.GetParameter], [
        Fn.Sub('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SMTPUserParamName}', {}),
        Fn.Sub('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SMTPPasswordParamName}', {}),
      ]),
    ),
  ]),
};
