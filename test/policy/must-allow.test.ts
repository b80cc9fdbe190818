/**
 * Every call is allowed: the real handlers run the scenarios on moto
 * (scripts/policy-matrix/scenarios.ts: inventory, rotation in member mode,
 * notifier, rotation in central mode with a replica region), each with the
 * environment the resolved template gives it; every request they send, and
 * every request AWS makes for them (Lambda, Secrets Manager's KMS calls), is
 * simulated against the deployed policies and must be allowed. The same
 * check runs after `npm test` over the requests of every test.
 */
import { MANAGEMENT_ACCOUNT_ID } from '../../emulator/moto';
import { secretPolicyGuardrail } from '../../scripts/policy-matrix/model/guardrail';
import { checkInvocations, type AllowResult } from '../../scripts/policy-matrix/record/check';
import { deriveRequests } from '../../scripts/policy-matrix/record/operations';
import { RequestRecorder } from '../../scripts/policy-matrix/record/recorder';
import type { RecordedInvocation } from '../../scripts/policy-matrix/record/records';
import { runScenarios, SCENARIO_NAMES } from '../../scripts/policy-matrix/scenarios';
import { deniedDetails } from '../../scripts/policy-matrix/table';
import { useMoto } from '../harness/moto';

const moto = useMoto();
const recorder = new RequestRecorder(MANAGEMENT_ACCOUNT_ID);
let counts: Record<string, number>;
let results: AllowResult[];

beforeAll(async () => {
  recorder.install();
  try {
    ({ counts } = await runScenarios(moto, recorder));
  } finally {
    recorder.uninstall();
  }
  results = await checkInvocations(recorder.invocations, MANAGEMENT_ACCOUNT_ID);
}, 180_000);

const sentIn = (scenario: string): Set<string> =>
  new Set(recorder.invocations.filter((i) => i.source === `scenario: ${scenario}`).flatMap((i) => i.requests.map((r) => r.action)));

describe('every call the functions send is allowed', () => {
  test.each(SCENARIO_NAMES)('scenario "%s" ran', (scenario) => {
    expect(counts[scenario]).toBeGreaterThan(0);
  });

  test('every recorded request, sent or implied, is allowed by the deployed policies', () => {
    expect(results.length).toBeGreaterThan(40);
    expect(deniedDetails(results)).toBe('');
  });

  test.each<[string, string[]]>([
    ['inventory', ['sts:AssumeRole', 'organizations:ListAccounts', 'sqs:SendMessage', 'logs:PutLogEvents']],
    ['rotation, member mode', ['sts:AssumeRole', 'iam:GetAccountAuthorizationDetails', 'iam:CreateAccessKey', 'iam:DeleteAccessKey', 'secretsmanager:CreateSecret', 'secretsmanager:PutResourcePolicy', 'secretsmanager:PutSecretValue', 'sqs:SendMessage', 'sqs:ReceiveMessage', 's3:PutObject', 's3:ListBucket', 's3:GetObject', 's3:DeleteObject']],
    // The run's digest (s3:GetObject of Digests/) and what was told once (s3:PutObject in Reminders/).
    ['notifier', ['ses:SendEmail', 's3:GetObject', 's3:PutObject', 'sqs:DeleteMessage']],
    ['rotation, central mode with a replica region', ['iam:AttachUserPolicy', 'secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'kms:GenerateDataKey', 'kms:Decrypt']],
  ])('scenario "%s" exercised what it is for', (scenario, actions) => {
    expect([...sentIn(scenario)].sort()).toEqual(expect.arrayContaining(actions));
  });

  test('central mode: Secrets Manager\'s KMS calls carry the caller, kms:ViaService and the secret\'s ARN', () => {
    const implied = recorder.invocations.flatMap((i) => i.requests).filter((r) => r.action === 'kms:GenerateDataKey');
    expect(implied.length).toBeGreaterThan(0);
    for (const request of implied) {
      expect(request.principal.kind).toBe('role');
      expect(request.context['kms:ViaService']).toBe('secretsmanager.us-east-1.amazonaws.com');
      expect(request.context['kms:EncryptionContext:SecretARN']).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:Account_\d{12}_User_\w+_AccessKey-\w{6}$/);
    }
  });
});

describe('the README\'s service control policy', () => {
  test('leaves every recorded request allowed, the member role\'s PutResourcePolicy in member accounts included', async () => {
    const guarded = await checkInvocations(recorder.invocations, MANAGEMENT_ACCOUNT_ID, (world) => world.useGuardrail());
    expect(deniedDetails(guarded)).toBe('');
    expect(guarded.filter((r) => r.request.action === 'secretsmanager:PutResourcePolicy' && r.request.principal.split(':')[4] !== MANAGEMENT_ACCOUNT_ID).length).toBeGreaterThan(0);
  });

  test('is what decides: one exempting another role denies the rotation\'s PutResourcePolicy in member accounts', async () => {
    const misnamed = await checkInvocations(recorder.invocations, MANAGEMENT_ACCOUNT_ID, (world) =>
      world.useGuardrail(secretPolicyGuardrail({ partition: 'aws', memberRoleName: 'another-role', centralSecretsRoleName: 'another-role' })),
    );
    const denied = misnamed.filter((r) => !r.holds);
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((r) => r.request.action === 'secretsmanager:PutResourcePolicy' && r.request.principal.split(':')[4] !== MANAGEMENT_ACCOUNT_ID)).toBe(true);
    expect(denied[0]?.decision.decisive).toBe('Deny: SCP secret-policy-guardrail/KeySecretPoliciesOnlyByTheRotation');
  });
});

describe('the check can fail', () => {
  test('without the member role\'s WriteKeySecrets statement, storing a key is denied', async () => {
    const tampered = await checkInvocations(recorder.invocations, MANAGEMENT_ACCOUNT_ID, (world) => world.withoutStatement('WriteKeySecrets'));
    const denied = tampered.filter((r) => !r.holds).map((r) => r.request.action);
    expect(denied).toEqual(expect.arrayContaining(['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue']));
    expect(tampered.filter((r) => r.request.action.startsWith('iam:')).every((r) => r.holds)).toBe(true);
  });

  test('a request whose credentials are neither the function\'s nor assumed by it fails, as does one whose resource is unknown', async () => {
    const invocation: RecordedInvocation = {
      fn: 'rotation',
      env: recorder.invocations.find((i) => i.fn === 'rotation')?.env ?? {},
      source: 'hand-made',
      requests: [
        { operation: 'IAM.ListAccessKeys', principal: { kind: 'unknown', accessKeyId: 'AKIAEXAMPLE' }, action: 'iam:ListAccessKeys', resource: 'arn:aws:iam::123456789012:user/x', context: {} },
        { operation: 'Foo.Bar', principal: { kind: 'execution' }, action: '?', resource: '?', context: {}, problem: 'no rule' },
      ],
    };
    const checked = await checkInvocations([invocation], MANAGEMENT_ACCOUNT_ID);
    expect(checked.map((r) => [r.holds, r.decision.decisive.split(':')[0]])).toEqual([
      [false, 'not attributed'],
      [false, 'not derived'],
    ]);
  });

  test('an SDK call without a rule is recorded as a problem, not skipped', () => {
    const [derived] = deriveRequests({ service: 'IAM', operation: 'CreateUser', input: { UserName: 'x' }, region: 'us-east-1', partition: 'aws', principalAccount: '123456789012' }, recorder);
    expect(derived?.problem).toMatch(/no rule .* IAM\.CreateUser/);
  });
});
