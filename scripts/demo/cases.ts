import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretName } from '../../contract/names';
import type { Moto } from '../../emulator/moto';
import type { DemoOrganization } from './seed';
import { describeEvents, type KeyHistory } from './timeline';

/** Where each case of the lifecycle table shows in the demo, in the words of what happened to the key. */
const CASES: ReadonlyArray<{ readonly title: string; readonly account: string; readonly user: string; readonly keys: 'seeded' | 'all' }> = [
  { title: 'two active keys at rotation', account: 'Workloads', user: 'two-keys', keys: 'seeded' },
  { title: 'a key never used', account: 'Workloads', user: 'never-used', keys: 'seeded' },
  { title: 'in use on its date (Postpone)', account: 'Management', user: 'legacy-batch', keys: 'seeded' },
  { title: 'a reactivation and its hold', account: 'Workloads', user: 'report-job', keys: 'seeded' },
];

/** The demo's closing summary of the cases, read from the key histories and from the stores (a user would look there too). */
export async function describeCases(
  moto: Moto,
  org: DemoOrganization,
  histories: ReadonlyMap<string, KeyHistory>,
  outsideReports: ReadonlyMap<string, number>,
): Promise<string> {
  const lines: string[] = [];
  const width = 34;
  for (const item of CASES) {
    const keys = [...histories.values()]
      .filter((h) => h.account === item.account && h.user === item.user && h.events.every((e) => e.event !== 'created' || e.day === 0))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const what = keys.map((h) => `key …${h.keyId.slice(-4)} ${describeEvents(h)}`).join('; ');
    lines.push(`  ${item.title.padEnd(width)} ${item.account}/${item.user}: ${what}`);
  }
  const workloads = org.accounts.find((account) => account.name === 'Workloads');
  if (workloads) {
    const secret = await new SecretsManagerClient(moto.config(workloads.credentials))
      .send(new GetSecretValueCommand({ SecretId: secretName(workloads.id, 'ses-mailer') }))
      .catch(() => undefined);
    const stored = secret?.SecretString ? (JSON.parse(secret.SecretString) as { SmtpPasswords?: Record<string, string> }) : {};
    const regions = Object.keys(stored.SmtpPasswords ?? {});
    lines.push(
      `  ${'an SES SMTP user'.padEnd(width)} Workloads/ses-mailer: its secret holds the new key and ${
        regions.length > 0 ? `its SMTP password for ${regions.join(', ')} (SmtpPasswords)` : 'NO SMTP password'
      }`,
    );
  }
  for (const [account, reports] of outsideReports) {
    const changed = [...histories.values()].filter((h) => h.account === account && h.events.some((e) => e.day > 0)).length;
    lines.push(
      `  ${'an account outside EnforcedScope'.padEnd(width)} ${account}: ${changed === 0 ? 'no key changed' : `${changed} key(s) CHANGED`}; ${reports} reports said "outside EnforcedScope"`,
    );
  }
  return lines.join('\n');
}
