import type { ClientPlugin } from '../../functions/core/aws/plugins';
import { ReadOnlyViolationError } from './errors';

/**
 * What the plan may send, by service: reads, plus the two calls that get
 * credentials and say whose they are. Anything else, in any service, is
 * refused before it is signed. Per service, so that a Get* of another
 * service (secretsmanager:GetSecretValue) is never allowed by its name.
 */
const READS: Readonly<Record<string, (operation: string) => boolean>> = {
  IAM: (operation) => /^(List|Get)[A-Z]/.test(operation) || operation === 'GenerateCredentialReport',
  STS: (operation) => operation === 'AssumeRole' || operation === 'GetCallerIdentity',
  Organizations: (operation) => /^(List|Describe)[A-Z]/.test(operation),
  CloudFormation: (operation) => /^(List|Get|Describe)[A-Z]/.test(operation),
  // `npm run doctor` (same guard): object metadata, SES identities and account, queue depths. No ReceiveMessage: it hides messages.
  // GetObject: --history's key ledger; the doctor's delivery.yaml and, in the SES sandbox, the latest run's digest (owner addresses).
  S3: (operation) => operation === 'HeadObject' || operation === 'ListObjectsV2' || operation === 'GetBucketVersioning' || operation === 'GetObject',
  SESv2: (operation) => operation === 'GetAccount' || operation === 'GetEmailIdentity' || operation === 'ListEmailIdentities',
  SQS: (operation) => operation === 'GetQueueUrl' || operation === 'GetQueueAttributes',
  EventBridge: (operation) => operation === 'DescribeRule',
  KMS: (operation) => operation === 'GetKeyPolicy' || operation === 'DescribeKey',
  ConfigService: (operation) => operation === 'DescribeConfigRules',
  // The doctor's delivery check: a token secret exists (never GetSecretValue: the doctor reads no token).
  SecretsManager: (operation) => operation === 'DescribeSecret',
  // The doctor's VPC check: endpoints and routes of the functions' VPC.
  EC2: (operation) => operation === 'DescribeVpcEndpoints' || operation === 'DescribeRouteTables',
  // --where-used: where a key is still used.
  CloudTrail: (operation) => operation === 'LookupEvents',
};

export function isRead(service: string, operation: string): boolean {
  return READS[service]?.(operation) ?? false;
}

/**
 * SDK middleware for every client the plan builds: the first step of every
 * request, so a write never reaches signing, let alone the network. This is
 * what makes the command read-only by construction, whatever code it runs.
 */
export const readOnlyGuard: ClientPlugin = {
  applyToStack: (stack) => {
    stack.add(
      (next, context) => async (args) => {
        const service = context.clientName?.replace(/Client$/, '') ?? '?';
        const operation = context.commandName?.replace(/Command$/, '') ?? '?';
        if (!isRead(service, operation)) {
          throw new ReadOnlyViolationError(
            `${service}.${operation}`,
            'refused before sending: npm run plan and npm run doctor are read-only and send only List, Get and Describe calls (S3 HeadObject, SQS GetQueueAttributes), GenerateCredentialReport, sts:AssumeRole and sts:GetCallerIdentity',
          );
        }
        return next(args);
      },
      { step: 'initialize', name: 'planReadOnlyGuard', priority: 'high' },
    );
  },
};
