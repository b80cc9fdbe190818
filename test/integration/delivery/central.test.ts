/**
 * Delivery in central mode (StoreSecretsInCentralAccount=True): the key
 * secrets, and the pending copy a retry needs, live in the main account,
 * written by the central-secrets role; SSM targets are still written in the
 * user's own account by the member role.
 */
import { CreatePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { PENDING_DELIVERY_SUFFIX, READER_POLICY_NAME, ROLE_NAMES, secretName } from '../../../contract/names';
import { MANAGEMENT_ACCOUNT_ID } from '../../../emulator/moto';
import { useMoto } from '../../harness/moto';
import { keysOf, principals, secretOf } from '../rotation/fixture';
import { adminActions, ENVIRONMENT, ORG, REPO, useDeliveryWorld } from './fixture';

const moto = useMoto();
const CENTRAL_ROLE = `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:role/${ROLE_NAMES.centralSecrets}`;
const delivery = useDeliveryWorld(moto, () => ({
  [ROTATION_ENV.storeSecretsInCentralAccount]: 'True',
  [ROTATION_ENV.centralAccountId]: MANAGEMENT_ACCOUNT_ID,
  [ROTATION_ENV.centralRoleName]: ROLE_NAMES.centralSecrets,
  [ROTATION_ENV.secretsKmsKeyArn]: `arn:aws:kms:us-east-1:${MANAGEMENT_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`,
}));
const USER = 'ci-deployer';
/** Moto's own credentials: the main stack's (management) account. */
const mainAccount = () => moto.config().credentials;

beforeEach(async () => {
  // The StackSet creates the reader policy in every member account; central mode attaches it before making a key.
  await new IAMClient(moto.config(delivery.world.member)).send(
    new CreatePolicyCommand({ PolicyName: READER_POLICY_NAME, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] }) }),
  );
});

it('central mode: the key is delivered from the central secret, the old key is kept while GitHub fails, and retired once it has the key', async () => {
  delivery.github.fail({ status: 502, times: 10_000, pathContains: '/repos/acme/app/actions' });
  const rotation = await delivery.runAt(90);
  const name = secretName(delivery.world.memberId, USER);
  // The secret is in the main account, not the member's; its reader is the member's user.
  const central = await secretOf(moto, mainAccount(), name);
  expect(await secretOf(moto, delivery.world.member, name)).toBeUndefined();
  const key = (await keysOf(moto, delivery.world.member, USER)).at(-1)?.AccessKeyId;
  expect(central?.value.AccessKeyId).toBe(key);
  expect(principals(central!)).toEqual([`arn:aws:iam::${delivery.world.memberId}:user/${USER}`]);

  // Every target but the failing one holds the key; SSM in the member account.
  for (const scope of [ENVIRONMENT, ORG]) expect(delivery.github.plaintext(scope, 'AWS_ACCESS_KEY_ID')).toBe(key);
  expect(delivery.github.plaintext(REPO, 'AWS_ACCESS_KEY_ID')).toBeUndefined();
  expect(delivery.gitlab.variable('acme/app', 'AWS_SECRET_ACCESS_KEY')?.value).toBe(central?.value.SecretAccessKey);
  const parameter = await new SSMClient(moto.config(delivery.world.member)).send(new GetParameterCommand({ Name: '/iam-key-rotation/ci-deployer', WithDecryption: true }));
  expect(JSON.parse(parameter.Parameter?.Value ?? '{}')).toEqual({ AccessKeyId: key, SecretAccessKey: central?.value.SecretAccessKey });
  expect(adminActions(rotation.messages).find((action) => action.type === 'ROTATE')?.deliveries?.find((d) => d.target === 'GitHub acme/app')).toMatchObject({ delivered: false, failure: 'HTTP 502' });

  // The copy for the retry is central too, readable by the central-secrets role only.
  const copy = await secretOf(moto, mainAccount(), `${name}${PENDING_DELIVERY_SUFFIX}`);
  expect(copy?.value.AccessKeyId).toBe(key);
  expect(copy?.policy.Statement.find((s) => s.Effect === 'Allow')?.Principal).toEqual({ AWS: CENTRAL_ROLE });
  expect((await delivery.ledger())?.users[USER]?.deliveries.filter((entry) => entry.outcome === 'failed').map((entry) => [entry.label, entry.keyId, entry.status])).toEqual([['GitHub acme/app', key, 502]]);

  // The deactivation date: GitHub still fails, the old key stays active, CRITICAL.
  const due = await delivery.runAt(100);
  expect(adminActions(due.messages).find((action) => action.type === 'POSTPONE')).toMatchObject({ reason: 'DELIVERY_PENDING', severity: 'CRITICAL', pendingDeliveries: [{ target: 'GitHub acme/app', failure: 'HTTP 502' }] });
  expect((await keysOf(moto, delivery.world.member, USER)).map((listed) => listed.Status)).toEqual(['Active', 'Active']);

  // GitHub is back: delivered from the central copy, the old key retired, the copy dropped.
  delivery.github.recover();
  const later = await delivery.runAt(101);
  expect(delivery.github.plaintext(REPO, 'AWS_ACCESS_KEY_ID')).toBe(key);
  expect(delivery.github.plaintext(REPO, 'AWS_SECRET_ACCESS_KEY')).toBe(central?.value.SecretAccessKey);
  expect(adminActions(later.messages, USER).find((action) => action.type === 'DELIVER')).toMatchObject({ keyId: key, deliveries: [{ target: 'GitHub acme/app', delivered: true }] });
  expect((await keysOf(moto, delivery.world.member, USER)).map((listed) => listed.Status)).toEqual(['Inactive', 'Active']);
  expect(await secretOf(moto, mainAccount(), `${name}${PENDING_DELIVERY_SUFFIX}`)).toBeUndefined();
});
