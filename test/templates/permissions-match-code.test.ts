/**
 * Keeps the roles and the code in step (docs/design.md#6-security-model), per function and
 * in both directions: every AWS call the code makes is allowed by a role it
 * runs under, and every action a role allows is called by code running under
 * it. The code side is read statically (sdk-calls.ts); the role side from the
 * committed templates (role-grants.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { READER_POLICY_NAME, TEMPLATE_FILES, type FunctionKey } from '../../contract/names';
import { ROLE_IDS } from '../../templates-src/main-stack/logical-ids';
import { grantsOf, roleKey, rolesIn, type RoleRef } from './role-grants';
import { sdkCallsIn, sourcesOf, type SdkCall } from './sdk-calls';
import { isObject, loadAll, loadTemplate, section, type JsonObject } from './templates';
import { statements, VPC_ATTACHMENT_ACTIONS } from './policy-rules';

const main = (fn: FunctionKey): RoleRef => ({ file: TEMPLATE_FILES.main, id: ROLE_IDS[fn] });
const MEMBER_ROLE: RoleRef = { file: TEMPLATE_FILES.assumedRole, id: 'AssumedRole' };
const LIST_ACCOUNTS_ROLE: RoleRef = { file: TEMPLATE_FILES.listAccountsRole, id: 'ListAccountsRole' };
const CENTRAL_SECRETS_ROLE: RoleRef = { file: TEMPLATE_FILES.listAccountsRole, id: 'CentralSecretsRole' };

/** The roles whose credentials each function's calls can carry: one role per job (docs/design.md#6-security-model). */
const RUNS_UNDER: Readonly<Record<FunctionKey, readonly RoleRef[]>> = {
  // Member role in every account; the central-secrets role in central mode, to write the secrets.
  rotation: [main('rotation'), MEMBER_ROLE, CENTRAL_SECRETS_ROLE],
  inventory: [main('inventory'), LIST_ACCOUNTS_ROLE],
  notifier: [main('notifier')],
};

const EXECUTION_ROLES = (['rotation', 'inventory', 'notifier'] as const).map(main);
const QUEUE_CONSUMERS = [main('rotation'), main('notifier')];

/**
 * Granted for AWS itself acting with the role, so no code of ours calls them.
 * Keep this short: every entry must still be granted somewhere (checked below).
 */
const NOT_CALLED_BY_CODE: readonly { readonly roles: readonly RoleRef[]; readonly actions: readonly string[]; readonly why: string }[] = [
  { roles: EXECUTION_ROLES, actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], why: 'the Lambda runtime writes the function log' },
  {
    roles: EXECUTION_ROLES,
    actions: VPC_ATTACHMENT_ACTIONS,
    why: 'Lambda attaches the function to the VPC (VPC mode)',
  },
  {
    roles: QUEUE_CONSUMERS,
    actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
    why: 'the SQS event source mapping polls the queue with the execution role',
  },
  {
    roles: [MEMBER_ROLE, CENTRAL_SECRETS_ROLE],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
    why: 'Secrets Manager calls KMS on the caller\'s behalf (kms:ViaService) for a customer-managed key',
  },
];

const templates = loadAll();
const byFile = new Map(templates.map((t) => [t.file, t]));
const grants = new Map<string, Map<string, string[]>>();
for (const role of templates.flatMap(rolesIn)) {
  const template = byFile.get(role.file);
  if (template) grants.set(roleKey(role), grantsOf(template, role.id));
}
const grantsOfRole = (role: RoleRef): Map<string, string[]> => grants.get(roleKey(role)) ?? new Map();

const FUNCTIONS = Object.keys(RUNS_UNDER) as FunctionKey[];
const calls = new Map<FunctionKey, SdkCall[]>(FUNCTIONS.map((fn) => [fn, sdkCallsIn(sourcesOf(fn))]));

const exempted = (role: RoleRef, action: string): boolean =>
  NOT_CALLED_BY_CODE.some((entry) => entry.actions.includes(action) && entry.roles.some((r) => roleKey(r) === roleKey(role)));

describe('the scan finds the calls', () => {
  it.each(FUNCTIONS)('%s: some SDK calls, each mapped to an IAM action', (fn) => {
    const found = calls.get(fn) ?? [];
    expect(found.length).toBeGreaterThan(0);
    for (const call of found) expect(call.action).toMatch(/^[a-z0-9-]+:[A-Z]\w+$/);
  });

  it('follows imports into functions/core (the shared AssumeRole helper)', () => {
    expect(sourcesOf('rotation').some((file) => file.endsWith('functions/core/aws/assume-role.ts'))).toBe(true);
    expect((calls.get('inventory') ?? []).map((c) => c.action)).toContain('sts:AssumeRole');
  });

  it('maps renamed operations and sees through aliases and paginators (a sample file)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sdk-calls-'));
    try {
      const file = path.join(dir, 'sample.ts');
      writeFileSync(
        file,
        [
          "import { SendMessageBatchCommand as Batch } from '@aws-sdk/client-sqs';",
          "import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';",
          "import { paginateListAccounts } from '@aws-sdk/client-organizations';",
          "import { SendEmailCommand } from '@aws-sdk/client-sesv2';",
          'new Batch({}); new DeleteObjectsCommand({}); new ListObjectsV2Command({}); paginateListAccounts({}, {}); new SendEmailCommand({});',
          'class LocalCommand {} new LocalCommand();',
        ].join('\n'),
      );
      expect(sdkCallsIn([file]).map((c) => c.action)).toEqual(['sqs:SendMessage', 's3:DeleteObject', 's3:ListBucket', 'organizations:ListAccounts', 'ses:SendEmail']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every role in the templates is one that some function runs under', () => {
    const used = new Set(FUNCTIONS.flatMap((fn) => RUNS_UNDER[fn].map(roleKey)));
    expect([...grants.keys()].filter((key) => !used.has(key))).toEqual([]);
    expect([...used].filter((key) => !grants.has(key))).toEqual([]);
  });
});

describe.each(FUNCTIONS)('%s', (fn) => {
  it('every AWS call in the code is allowed by a role the function runs under', () => {
    const granted = new Set(RUNS_UNDER[fn].flatMap((role) => [...grantsOfRole(role).keys()]));
    const missing = (calls.get(fn) ?? []).filter((call) => !granted.has(call.action)).map((call) => `${call.action} (${call.at})`);
    expect(missing).toEqual([]);
  });
});

describe.each([...grants.keys()])('%s', (key) => {
  it('allows only what code running under it calls (or AWS calls for it, per NOT_CALLED_BY_CODE)', () => {
    const role = [...Object.values(RUNS_UNDER)].flat().find((r) => roleKey(r) === key);
    if (!role) throw new Error(`${key} is not in RUNS_UNDER`);
    const called = new Set(FUNCTIONS.filter((fn) => RUNS_UNDER[fn].some((r) => roleKey(r) === key)).flatMap((fn) => (calls.get(fn) ?? []).map((c) => c.action)));
    const unused = [...grantsOfRole(role)].filter(([action]) => !called.has(action) && !exempted(role, action)).map(([action, sids]) => `${action} (${sids.join(', ')})`);
    expect(unused).toEqual([]);
  });
});

describe('the exceptions stay honest', () => {
  it('every NOT_CALLED_BY_CODE action is still granted to each role it names, and never called by code', () => {
    // Called by code that runs under the role: the notifier lists objects under its own role, not the rotation's.
    const calledUnder = (role: RoleRef): Set<string> =>
      new Set((Object.keys(RUNS_UNDER) as FunctionKey[]).filter((fn) => RUNS_UNDER[fn].some((r) => roleKey(r) === roleKey(role))).flatMap((fn) => (calls.get(fn) ?? []).map((c) => c.action)));
    const stale = NOT_CALLED_BY_CODE.flatMap((entry) =>
      entry.roles.flatMap((role) => entry.actions.filter((action) => !grantsOfRole(role).has(action) || calledUnder(role).has(action)).map((a) => `${roleKey(role)}: ${a}`)),
    );
    expect(stale).toEqual([]);
  });
});

describe('the reader policy is attached only in central mode', () => {
  const assumed = loadTemplate(TEMPLATE_FILES.assumedRole).json;
  const resources = section(assumed, 'Resources');

  it('the member role may attach it only under the central-account condition', () => {
    const role = resources[MEMBER_ROLE.id] as JsonObject;
    const documents = ((role.Properties as JsonObject).Policies as JsonObject[]).map((p) => p.PolicyDocument as JsonObject);
    const unconditional = documents.flatMap((doc) => [doc.Statement].flat().filter((s): s is JsonObject => isObject(s) && !('Fn::If' in s)));
    const conditional = documents.flatMap((doc) =>
      [doc.Statement].flat().flatMap((s) => (isObject(s) && Array.isArray(s['Fn::If']) ? [{ condition: s['Fn::If'][0], statements: statements({ Statement: s }) }] : [])),
    );
    const attaches = (s: JsonObject) => [s.Action].flat().includes('iam:AttachUserPolicy');
    expect(unconditional.filter(attaches)).toEqual([]);
    expect(conditional.filter((c) => c.statements.some(attaches)).map((c) => c.condition)).toEqual(['HasCentralSecretsAccount']);
  });

  it(`no template attaches ${READER_POLICY_NAME} to anyone itself`, () => {
    const reader = resources.ReaderPolicy as JsonObject;
    const properties = reader.Properties as JsonObject;
    expect([properties.Users, properties.Groups, properties.Roles]).toEqual([undefined, undefined, undefined]);
  });
});
