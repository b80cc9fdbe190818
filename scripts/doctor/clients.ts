import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { withPlugins, type AwsDependencies, type ClientPlugin } from '../../functions/core/aws/plugins';
import { readOnlyGuard } from '../plan/read-only';

/** Every client the doctor uses, each with the plan's read-only guard first: the doctor cannot change anything. */
export interface DoctorClients {
  readonly region: string;
  readonly sts: STSClient;
  readonly cloudFormation: CloudFormationClient;
  readonly organizations: OrganizationsClient;
  readonly s3: S3Client;
  readonly ses: SESv2Client;
  readonly sqs: SQSClient;
  readonly events: EventBridgeClient;
  readonly kms: KMSClient;
  readonly config: ConfigServiceClient;
  readonly secretsManager: SecretsManagerClient;
  readonly ec2: EC2Client;
}

/** On the standard credential chain; plugins after the guard (tests: faults; the demo: what moto lacks). */
export function doctorClients(region: string, plugins: readonly ClientPlugin[] = []): DoctorClients {
  const aws: AwsDependencies = { plugins: [readOnlyGuard, ...plugins] };
  const config = { region };
  return {
    region,
    sts: withPlugins(new STSClient(config), aws),
    cloudFormation: withPlugins(new CloudFormationClient(config), aws),
    organizations: withPlugins(new OrganizationsClient(config), aws),
    // Emulators answer on one host name: buckets go in the path there.
    s3: withPlugins(new S3Client({ ...config, forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL ?? process.env.AWS_ENDPOINT_URL_S3) }), aws),
    ses: withPlugins(new SESv2Client(config), aws),
    sqs: withPlugins(new SQSClient(config), aws),
    events: withPlugins(new EventBridgeClient(config), aws),
    kms: withPlugins(new KMSClient(config), aws),
    config: withPlugins(new ConfigServiceClient(config), aws),
    secretsManager: withPlugins(new SecretsManagerClient(config), aws),
    ec2: withPlugins(new EC2Client(config), aws),
  };
}
