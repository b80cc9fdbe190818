import { seedTrailEvents } from '../../../emulator/cloudtrail';
import { seedUser, type SeededUser } from '../../../emulator/iam-users';
import { MANAGEMENT_ACCOUNT_ID } from '../../../emulator/moto';
import { createOrganization, credentialsIn } from '../../../emulator/organization';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { PLAN_JSON_FIELDS } from '../../../scripts/plan/format';
import { useMoto } from '../../harness/moto';
import { NOW, plan } from './fixture';

const moto = useMoto();

const GITHUB = 'aws-sdk-js/3.600.0 ua/2.1 os/linux lang/js md/nodejs#20 configure-aws-credentials-for-github-actions';
/** An address with a character HTML must escape cannot come from CloudTrail, so the escaping is checked on the event name. */
const NAME = 'Get<Caller>&Identity';

let deploy: SeededUser;
let fresh: SeededUser;

beforeAll(async () => {
  await moto.clock.set(NOW);
  await createOrganization(moto);
  const credentials = await credentialsIn(moto, MANAGEMENT_ACCOUNT_ID);
  // ci-deploy was rotated 12 days ago and its old key is still used: the plan switches the old key off.
  deploy = await seedUser(moto, credentials, { name: 'ci-deploy', keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }, { ageDays: 12 }] }, NOW);
  fresh = await seedUser(moto, credentials, { name: 'fresh', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] }, NOW);
  await moto.clock.set(NOW);
  const old = deploy.keys[0]?.accessKeyId ?? '';
  await seedTrailEvents(
    moto.endpoint,
    'us-east-1',
    [1, 2, 3].map((hours) => ({
      accessKeyId: old,
      eventTime: new Date(NOW.getTime() - DAY_MS - hours * 3_600_000).toISOString(),
      sourceIPAddress: '20.1.2.3',
      userAgent: GITHUB,
      eventSource: 'sts.amazonaws.com',
      eventName: NAME,
    })),
  );
});

const oldKey = (): string => deploy.keys[0]?.accessKeyId ?? '';

describe('npm run plan -- --where-used', () => {
  test('the table shows the evidence and the advice under the account', async () => {
    const { stdout, stderr } = await plan(['--org', '--format', 'table', '--where-used']);
    expect(stderr).not.toContain('not looked up');
    const line = stdout.split('\n').find((text) => text.startsWith('  where used: '));
    expect(line).toContain(`ci-deploy ${oldKey()}: Still used on 1 Mar from 20.1.2.3 by the GitHub Actions credentials action.`);
    expect(line).toContain("GitHub's OIDC provider removes the need for this key.");
  });

  test('json: a whereUsed field on the key looked up only, after the contract fields; absent without --where-used', async () => {
    const { stdout } = await plan(['--org', '--format', 'json', '--where-used']);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    const looked = rows.find((row) => row.accessKeyId === oldKey());
    expect(Object.keys(looked ?? {})).toEqual([...PLAN_JSON_FIELDS, 'whereUsed']);
    expect(looked?.whereUsed).toEqual({
      evidence: [
        'Still used on 1 Mar from 20.1.2.3 by the GitHub Actions credentials action.',
        // Since the new key was made (12 days before NOW): the old key's use after that is what counts.
        `3 management events in CloudTrail (us-east-1) since 18 Feb, first on 1 Mar: ${NAME}.`,
      ],
      advice: "Used only from GitHub Actions: GitHub's OIDC provider removes the need for this key.",
    });
    for (const row of rows.filter((candidate) => candidate.accessKeyId !== oldKey())) expect(Object.keys(row)).toEqual([...PLAN_JSON_FIELDS]);
    expect(rows.some((row) => row.accessKeyId === fresh.keys[0]?.accessKeyId)).toBe(true);

    const plain = JSON.parse((await plan(['--org', '--format', 'json'])).stdout) as Record<string, unknown>[];
    for (const row of plain) expect(Object.keys(row)).toEqual([...PLAN_JSON_FIELDS]);
  });

  test('csv: one where_used column with --where-used only; html: the evidence escaped under the key', async () => {
    const csv = (await plan(['--org', '--format', 'csv', '--where-used'])).stdout.split('\r\n');
    expect(csv[0]?.endsWith(',where_used')).toBe(true);
    expect(csv.find((row) => row.includes(oldKey()))).toContain('Still used on 1 Mar from 20.1.2.3');
    expect((await plan(['--org', '--format', 'csv'])).stdout).not.toContain('where_used');

    const html = (await plan(['--org', '--format', 'html', '--where-used'])).stdout;
    expect(html).toContain('<tr class="where-used"><td colspan="11">Where used: Still used on 1 Mar');
    expect(html).toContain('Get&lt;Caller&gt;&amp;Identity');
    expect(html).not.toContain(NAME);
  });
});
