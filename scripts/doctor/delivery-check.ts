import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { DEFAULT_DELIVERY_SSM_PATH_PREFIX, deliveryConfigKey } from '../../contract/names';
import { DeliveryConfigError } from '../../functions/core/delivery/config/errors';
import { parseDeliveryConfig } from '../../functions/core/delivery/config/parse';
import type { DeliveryConfig } from '../../functions/core/delivery/config/types';
import type { CheckResult, MainStack } from './checks';
import type { DoctorClients } from './clients';

/** The uploaded delivery.yaml as the doctor sees it: absent (delivery off), wrong, or parsed. */
export type DeliveryState =
  | { readonly kind: 'absent'; readonly where: string }
  | { readonly kind: 'invalid'; readonly where: string; readonly error: DeliveryConfigError }
  | { readonly kind: 'parsed'; readonly where: string; readonly config: DeliveryConfig };

const isNoSuchKey = (error: unknown): boolean => error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');

/**
 * Reads `<prefix>/Config/delivery.yaml` with the parser the rotation function
 * and `npm run upload -- --delivery-config` use, so the doctor accepts exactly
 * the files the function accepts. Undefined without a main stack.
 */
export async function readDeliveryState(clients: DoctorClients, main: MainStack): Promise<DeliveryState | undefined> {
  const bucket = main.parameters.S3BucketName;
  const prefix = main.parameters.S3BucketPrefix;
  if (!main.stack || !bucket || prefix === undefined) return undefined;
  const key = deliveryConfigKey(prefix);
  const where = `s3://${bucket}/${key}`;
  let source: string;
  try {
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    source = (await object.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if (isNoSuchKey(error)) return { kind: 'absent', where };
    throw error;
  }
  try {
    return { kind: 'parsed', where, config: parseDeliveryConfig(source, { ssmPathPrefix: main.parameters.DeliverySsmPathPrefix ?? DEFAULT_DELIVERY_SSM_PATH_PREFIX }) };
  } catch (error) {
    if (error instanceof DeliveryConfigError) return { kind: 'invalid', where, error };
    throw error;
  }
}

const isMissingSecret = (error: unknown): boolean => error instanceof Error && error.name === 'ResourceNotFoundException';

/**
 * delivery.yaml, when present, parses and every token secret it names exists.
 * DescribeSecret only: the doctor never reads a token (the read-only guard
 * refuses GetSecretValue).
 */
export async function deliveryCheck(clients: DoctorClients, main: MainStack, state: DeliveryState | undefined): Promise<CheckResult> {
  if (state === undefined) return { id: 'delivery', ok: false, message: 'no main stack to read the bucket from', fix: 'npm run deploy' };
  if (state.kind === 'absent') return { id: 'delivery', ok: true, message: `no delivery.yaml: delivery off (${state.where} absent)` };
  const reupload = `npm run upload -- --bucket ${main.parameters.S3BucketName ?? '<bucket>'} --prefix ${main.parameters.S3BucketPrefix ?? '<prefix>'} --delivery-config delivery.yaml (it checks the file first)`;
  if (state.kind === 'invalid') {
    return { id: 'delivery', ok: false, message: `${state.where}: ${state.error.message}`, fix: `correct ${state.error.field}${state.error.line === undefined ? '' : ` on line ${state.error.line}`}, then ${reupload}` };
  }
  const endpoints = (['github', 'gitlab'] as const).flatMap((name) => (state.config[name] ? [{ name, arn: state.config[name].tokenSecretArn }] : []));
  const missing: { name: string; arn: string }[] = [];
  for (const endpoint of endpoints) {
    try {
      await clients.secretsManager.send(new DescribeSecretCommand({ SecretId: endpoint.arn }));
    } catch (error) {
      if (!isMissingSecret(error)) throw error;
      missing.push(endpoint);
    }
  }
  if (missing.length > 0) {
    const names = missing.map((m) => m.arn.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '') ?? m.arn);
    return {
      id: 'delivery',
      ok: false,
      message: `${state.where}: the token secret of ${missing.map((m) => `${m.name}.tokenSecretArn (${m.arn})`).join(', ')} does not exist: no key can be delivered there`,
      fix: `create ${names.join(' and ')} in ${clients.region} holding {"token": ...} (aws secretsmanager create-secret --name <name> --secret-string file://token.json --region ${clients.region}), then put its ARN in delivery.yaml and ${reupload}`,
    };
  }
  const users = state.config.users.length;
  const targets = state.config.users.reduce((sum, user) => sum + user.targets.length, 0);
  return { id: 'delivery', ok: true, message: `${state.where} is valid: ${users} user(s), ${targets} target(s)${endpoints.length > 0 ? `; token secret(s) of ${endpoints.map((e) => e.name).join(' and ')} exist` : ''}` };
}

/** Targets that need the Internet (GitHub, GitLab): a VPC needs a NAT route for them. */
export function internetHosts(state: DeliveryState | undefined): string[] {
  if (state?.kind !== 'parsed') return [];
  const kinds = new Set(state.config.users.flatMap((user) => user.targets.map((target) => target.kind)));
  return (['github', 'gitlab'] as const).filter((kind) => kinds.has(kind)).map((kind) => state.config[kind]?.apiUrl ?? kind);
}
