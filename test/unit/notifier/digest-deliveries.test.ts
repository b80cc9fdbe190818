import type { NotificationMessage, ResultUser } from '../../../functions/core/messages/notification';
import { renderTemplate } from '../../../functions/notifier/render';
import { ENFORCEMENT_TEMPLATE, TEXT_TEMPLATE } from '../../../functions/notifier/templates/builtin';
import { digestValues, type DigestInput } from '../../../functions/notifier/values';
import { adminMessage, DAY, SENDER } from './admin-message';

function rotated(userName: string, deliveries: NonNullable<ResultUser['actions'][number]['deliveries']> | undefined): ResultUser {
  return {
    userName,
    actions: [{ type: 'ROTATE', keyId: 'AKIAOLD', reason: 'ROTATION_DUE', severity: 'INFO', dueAt: DAY, outcome: 'DONE', newKeyId: 'AKIANEW', ...(deliveries ? { deliveries } : {}) }],
  };
}

const AT = '2026-01-06T06:00:04.000Z';
const CI = rotated('ci-deployer', [
  { target: 'GitHub acme/app (environment production)', kind: 'github', delivered: true, at: AT },
  { target: 'SSM /iam-key-rotation/ci-deployer (us-east-1)', kind: 'ssm', delivered: true, at: AT },
  // A target name with markup: the HTML part must escape it.
  { target: 'GitLab acme/<app>', kind: 'gitlab', delivered: false, at: AT, failure: 'HTTP 401 "bad token" & more' },
]);
const ETL = rotated('etl', [{ target: 'GitHub acme/etl', kind: 'github', delivered: true, at: AT }]);

const digest = (reports: readonly NotificationMessage[]): DigestInput => ({ runId: 'run', reports, expectedAccounts: reports.length, keyRows: [] });

describe('the digest counts deliveries done and failing, and lists the failing ones', () => {
  const values = digestValues(digest([adminMessage('444455556666', 'Security', [ETL]), adminMessage('111122223333', 'Workloads', [CI])]), SENDER);

  test('text: the count, then one line per failing delivery with account, user, target and failure', () => {
    const text = renderTemplate(TEXT_TEMPLATE, values, 'text').output;
    expect(text).toContain('Deliveries: 3 done, 1 failing\n- Workloads (111122223333) / ci-deployer: GitLab acme/<app>: HTTP 401 "bad token" & more\n\n');
  });

  test('HTML: the same, escaped', () => {
    const rendered = renderTemplate(ENFORCEMENT_TEMPLATE, values, 'html');
    expect(rendered.missing).toEqual([]);
    expect(rendered.output).toContain('<b>Deliveries: 3 done, 1 failing</b>');
    expect(rendered.output).toContain('Workloads (111122223333) / ci-deployer: GitLab acme/&lt;app&gt;: HTTP 401 &quot;bad token&quot; &amp; more');
    expect(rendered.output).not.toContain('acme/<app>');
  });

  test('all delivered: the count, no failing lines', () => {
    const text = renderTemplate(TEXT_TEMPLATE, digestValues(digest([adminMessage('444455556666', 'Security', [ETL])]), SENDER), 'text').output;
    expect(text).toContain('Deliveries: 1 done, 0 failing\n\n');
  });

  test('nothing at all when the run delivered nothing', () => {
    const quiet = digestValues(digest([adminMessage('444455556666', 'Security', [rotated('etl', undefined)])]), SENDER);
    expect(renderTemplate(TEXT_TEMPLATE, quiet, 'text').output).not.toContain('Deliveries');
    expect(renderTemplate(ENFORCEMENT_TEMPLATE, quiet, 'html').output).not.toContain('Deliveries');
  });
});
