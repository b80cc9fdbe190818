/**
 * The must-deny matrix (scripts/policy-matrix/matrix/rows.ts): each request
 * the security model promises nobody can make is simulated against the
 * resolved templates and must be denied; what the design promises the key's
 * user must stay allowed. `npm run policy-matrix` prints the same rows.
 */
import { readFileSync } from 'node:fs';
import { GUARDRAIL_END, GUARDRAIL_START, guardrailReadme, matrixReport, README_END, README_START, SECURITY_PAGE } from '../../scripts/policy-matrix';
import { DEPLOYMENTS } from '../../scripts/policy-matrix/deployment/deployments';
import { evaluateRows } from '../../scripts/policy-matrix/matrix/evaluate';
import { KNOWN_PATHS, MUST_ALLOW_BY_DESIGN, MUST_DENY, type MatrixRow } from '../../scripts/policy-matrix/matrix/rows';
import { secretPolicyGuardrail } from '../../scripts/policy-matrix/model/guardrail';
import { partiesOf } from '../../scripts/policy-matrix/model/parties';
import { simulate } from '../../scripts/policy-matrix/simulate/simulate';

describe('must deny', () => {
  test('the matrix has at least 20 rows, across member and central deployments, with and without break-glass roles and the service control policy', () => {
    expect(MUST_DENY.length).toBeGreaterThanOrEqual(20);
    expect(new Set(MUST_DENY.map((row) => row.deployment))).toEqual(new Set(['member', 'central', 'member-break-glass', 'central-break-glass', 'member-scp', 'central-scp', 'member-break-glass-scp', 'member-operators', 'central-key-admins']));
  });

  test.each(MUST_DENY.map((row, i) => [i + 1, row.deployment, row.what, row] as const))('#%d (%s) %s: denied', async (_n, _deployment, _what, row) => {
    const [result] = await evaluateRows([row], 'deny');
    // The verdict with the statement that decided, so a failure names the grant to remove.
    expect(`${result?.decision.verdict}: ${result?.decision.decisive}`).toMatch(/^(ExplicitlyDenied|ImplicitlyDenied):/);
  });
});

describe('must allow, by design', () => {
  test.each(MUST_ALLOW_BY_DESIGN.map((row) => [row.deployment, row.what, row] as const))('(%s) %s', async (_deployment, _what, row) => {
    const [result] = await evaluateRows([row], 'allow');
    expect(`${result?.decision.verdict}: ${result?.decision.decisive}`).toMatch(/^Allowed:/);
  });
});

describe('the matrix can fail', () => {
  test('a member role granted iam:* could create a policy, and the simulation says so', async () => {
    const parties = partiesOf(DEPLOYMENTS.member);
    const role = parties.world.role(parties.memberRole());
    const tooMuch = { name: 'too-much', policy: { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: 'iam:*', Resource: '*' }] } };
    parties.world.addRole(role.arn, [...role.identityPolicies, tooMuch], role.trustPolicy, role.origin);
    const row = MUST_DENY.find((r) => r.what === 'the member role creates a policy');
    if (!row) throw new Error('row missing');
    expect(await simulate(parties.world, row.request(parties))).toEqual({ verdict: 'Allowed', decisive: 'identity too-much/Everything' });
  });

  test('a trust policy without its aws:PrincipalArn condition lets any role of the primary account in', async () => {
    const parties = partiesOf(DEPLOYMENTS.member);
    const role = parties.world.role(parties.memberRole());
    const statements = (role.trustPolicy.Statement as { Condition?: unknown }[]).map(({ Condition: _dropped, ...rest }) => rest);
    parties.world.addRole(role.arn, role.identityPolicies, { ...role.trustPolicy, Statement: statements }, role.origin);
    const row = MUST_DENY.find((r) => r.what === 'a role of the Organization with another name assumes the member role');
    if (!row) throw new Error('row missing');
    expect((await simulate(parties.world, row.request(parties))).verdict).toBe('Allowed');
  });
});

describe('central replicas stay sealed', () => {
  const { SecretsKmsKeyArn: _given, ...withoutKey } = DEPLOYMENTS.central.main;
  const replicaRow = MUST_DENY.find((r) => r.what.includes('decrypts alice\'s replica'));

  test('the template refuses central replicas with the stack\'s own single-Region key', () => {
    expect(() => partiesOf({ ...DEPLOYMENTS.central, main: withoutKey, givenKeyLikeStackKey: false })).toThrow(/CentralReplicasNeedMultiRegionKey.*multi-Region key/);
  });

  test('with a single-Region key given by ARN, the replica falls back to aws/secretsmanager and the central administrator decrypts it (the rotation function refuses to start then)', async () => {
    if (!replicaRow) throw new Error('row missing');
    const single = 'arn:aws:kms:us-east-1:222222222222:key/0a1b2c3d-0000-4000-8000-000000000001';
    const parties = partiesOf({ ...DEPLOYMENTS.central, main: { ...withoutKey, SecretsKmsKeyArn: single } });
    expect(await simulate(parties.world, replicaRow.request(parties))).toEqual({ verdict: 'Allowed', decisive: 'identity AdministerSecrets/AdministerSecrets; key policy ThroughSecretsManagerForAllPrincipalsInTheAccount' });
  });
});

describe('the trust rows are decided by their condition, not by the account', () => {
  test.each([
    ['the rotation execution role, its account outside the Organization, assumes the member role', 'member'],
    ['the inventory execution role, its account outside the Organization, assumes the list-accounts role', 'member'],
    ['the rotation execution role, its account outside the Organization, assumes the central-secrets role', 'central'],
  ] as const)('%s: allowed once the trust policy drops aws:PrincipalOrgID', async (what, name) => {
    const row = MUST_DENY.find((r) => r.what === what);
    if (!row) throw new Error(`row missing: ${what}`);
    const parties = partiesOf(DEPLOYMENTS[name]);
    const request = row.request(parties);
    const role = parties.world.role(request.resource);
    // Every aws:PrincipalOrgID condition removed, nothing else.
    const loosened = JSON.parse(JSON.stringify(role.trustPolicy), (key: string, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) && 'aws:PrincipalOrgID' in value ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'aws:PrincipalOrgID')) : value,
    ) as typeof role.trustPolicy;
    parties.world.addRole(role.arn, role.identityPolicies, loosened, role.origin);
    expect((await simulate(parties.world, request)).verdict).toBe('Allowed');
  });
});

describe('the break-glass rows can fail', () => {
  const row = (what: string) => {
    const found = [...MUST_ALLOW_BY_DESIGN, ...MUST_DENY].find((r) => r.what === what);
    if (!found) throw new Error(`row missing: ${what}`);
    return found;
  };

  test('the same break-glass role, in a deployment that does not name it, is denied by the secret policy', async () => {
    const request = row('the break-glass role named for the member account reads alice\'s secret').request(partiesOf(DEPLOYMENTS.member));
    expect(await simulate(partiesOf(DEPLOYMENTS.member).world, request)).toEqual({ verdict: 'ExplicitlyDenied', decisive: 'Deny: secret policy DenyReadToAnyoneButTheUserAndBreakGlass' });
  });

  test('a key policy that matched any user name would let bob decrypt alice\'s secret', async () => {
    const parties = partiesOf(DEPLOYMENTS.central);
    const key = parties.world.key(parties.secretsKey ?? '');
    const loosened = JSON.parse(JSON.stringify(key.policy).split('${aws:username}').join('*')) as typeof key.policy;
    parties.world.keys.set(key.arn, { ...key, policy: loosened });
    const request = row('bob (reader policy, and kms:Decrypt on * of his own) decrypts alice\'s central secret through Secrets Manager').request(parties);
    expect(await simulate(parties.world, request)).toEqual({ verdict: 'Allowed', decisive: 'identity DeveloperReadsSecrets/DeveloperReadsSecrets; key policy EachUserDecryptsOnlyItsOwnKeySecret' });
  });
});

describe('the guardrail rows can fail', () => {
  test('without the service control policy, an administrator replaces a secret\'s policy (known path 1)', async () => {
    const row = KNOWN_PATHS[0];
    if (!row) throw new Error('row missing');
    expect((await evaluateRows([row], 'allow'))[0]?.decision.verdict).toBe('Allowed');
  });

  test('a policy exempting another role would stop the rotation writing the secret\'s policy', async () => {
    const parties = partiesOf(DEPLOYMENTS['member-scp']);
    parties.world.useGuardrail(secretPolicyGuardrail({ partition: 'aws', memberRoleName: 'another-role', centralSecretsRoleName: 'another-role' }));
    const row = MUST_ALLOW_BY_DESIGN.find((r) => r.deployment === 'member-scp' && r.what.includes('member role still puts'));
    if (!row) throw new Error('row missing');
    expect(await simulate(parties.world, row.request(parties))).toEqual({ verdict: 'ExplicitlyDenied', decisive: 'Deny: SCP secret-policy-guardrail/KeySecretPoliciesOnlyByTheRotation' });
  });
});

describe('known paths past the Deny', () => {
  test.each(KNOWN_PATHS.map((row, i) => [i + 1, row.deployment, row.what, row] as const))('#%d (%s) %s: still allowed (a template that closes it moves the row to must-deny)', async (_n, _d, _w, row) => {
    const [result] = await evaluateRows([row], 'allow');
    expect(`${result?.decision.verdict}: ${result?.decision.decisive}`).toMatch(/^Allowed:/);
  });
});

describe('docs/security.md', () => {
  const readme = readFileSync(SECURITY_PAGE, 'utf8');
  const section = (start: string, end: string) => readme.slice(readme.indexOf(start), readme.indexOf(end));

  test('its security model shows these rows as they are decided now (run npm run policy-matrix -- --readme when this fails)', async () => {
    expect(section(README_START, README_END)).toContain((await matrixReport()).text);
  });

  test('it recommends the service control policy the scp deployments are proven with', () => {
    expect(section(GUARDRAIL_START, GUARDRAIL_END)).toContain(guardrailReadme());
  });

  /** Row ranges of each group of a table: the README cites whole groups. */
  const groupRanges = (rows: readonly MatrixRow[]): Map<string, [number, number]> => {
    const ranges = new Map<string, [number, number]>();
    rows.forEach((row, i) => {
      const group = row.group ?? '';
      const found = ranges.get(group);
      ranges.set(group, found ? [found[0], i + 1] : [i + 1, i + 1]);
    });
    return ranges;
  };

  test('every row range the security model cites is whole groups of its table or lies in one group, and every must-deny row is cited', () => {
    // The whole page is the security model; the generated tables are left out (they print every row's number).
    const model = readme.slice(0, readme.indexOf(README_START)) + readme.slice(readme.indexOf(README_END));
    const tables: Record<string, readonly MatrixRow[]> = { rows: MUST_DENY, 'must-allow rows': MUST_ALLOW_BY_DESIGN, 'known paths': KNOWN_PATHS };
    const cited = new Map<string, Set<number>>();
    const wrong: string[] = [];
    // "row 70" and "known path 5" cite one row as "rows 70–70" would.
    for (const match of model.replace(/\s+/g, ' ').matchAll(/(must-allow rows?|known paths?|rows?) (\d+)(?:–(\d+))?/g)) {
      const [text, named = '', from = '', to] = match;
      const table = named.endsWith('s') ? named : `${named}s`;
      const ranges = [...groupRanges(tables[table] ?? []).values()];
      const [start, end] = [Number(from), Number(to ?? from)];
      const wholeGroups = ranges.some(([s]) => s === start) && ranges.some(([, e]) => e === end);
      const inOneGroup = ranges.some(([s, e]) => s <= start && end <= e);
      if (end < start || !(wholeGroups || inOneGroup)) wrong.push(text);
      for (let n = start; n <= end; n += 1) cited.set(table, (cited.get(table) ?? new Set()).add(n));
    }
    expect(wrong).toEqual([]);
    const uncited = MUST_DENY.map((row, i) => [i + 1, row.what] as const).filter(([n]) => !cited.get('rows')?.has(n));
    expect(uncited).toEqual([]);
  });
});
