import type { NotificationMessage, ResultUser } from '../../../functions/core/messages/notification';
import { digestTodos } from '../../../functions/notifier/content/digest-todo';
import { renderTemplate } from '../../../functions/notifier/render';
import { AUDIT_TEMPLATE, ENFORCEMENT_TEMPLATE, TEXT_TEMPLATE } from '../../../functions/notifier/templates/builtin';
import { digestValues, messageValues, type DigestInput } from '../../../functions/notifier/values';
import { visibleText } from '../compliance/email-safe';
import { adminMessage, DAY, SENDER } from './admin-message';

const ROTATED: ResultUser = {
  userName: 'etl-pipeline',
  actions: [{ type: 'ROTATE', keyId: 'AKIAETL1', reason: 'ROTATION_DUE', severity: 'INFO', dueAt: DAY, outcome: 'DONE', newKeyId: 'AKIAETL2', secretName: 'Account_111122223333_User_etl-pipeline_AccessKey' }],
};
const POSTPONED = (severity: 'CRITICAL' | 'WARNING'): ResultUser => ({
  userName: 'legacy-batch',
  actions: [
    {
      type: 'POSTPONE',
      keyId: 'AKIALEGACY',
      reason: 'KEY_IN_USE',
      severity,
      dueAt: DAY,
      outcome: 'DONE',
      inUse: true,
      lastUse: { at: '2026-01-06T05:12:00.000Z', service: 'sts', region: 'eu-west-1' },
      deadline: '2026-01-26T00:00:00.000Z',
    },
  ],
});
const SWITCHED_OFF_IN_USE: ResultUser = {
  userName: 'old-app',
  actions: [{ type: 'DEACTIVATE', keyId: 'AKIAOLDAPP', reason: 'POSTPONEMENT_ENDED', severity: 'CRITICAL', dueAt: DAY, outcome: 'DONE', inUse: true, lastUse: { at: '2026-01-05T10:00:00.000Z' } }],
};
const DELETED: ResultUser = { userName: 'ci', actions: [{ type: 'DELETE', keyId: 'AKIACI', reason: 'DELETION_DUE', severity: 'INFO', dueAt: DAY, outcome: 'DONE' }] };
const PLANNED: ResultUser = { userName: 'data-science', actions: [{ type: 'ROTATE', keyId: 'AKIADS', reason: 'ROTATION_DUE', severity: 'INFO', dueAt: DAY, outcome: 'PLANNED' }] };

const WORKLOADS = adminMessage('111122223333', 'Workloads', [ROTATED, POSTPONED('CRITICAL'), SWITCHED_OFF_IN_USE]);
const SECURITY = adminMessage('444455556666', 'Security', [DELETED], { failures: ['could not read the credential report: LimitExceeded'] });
const SANDBOX = adminMessage('777788889999', 'Sandbox', [PLANNED], { dryRun: true, auditReason: 'OUTSIDE_ENFORCED_SCOPE' });

const digest = (reports: readonly NotificationMessage[], expectedAccounts = reports.length): DigestInput => ({ runId: 'run', reports, expectedAccounts, keyRows: [] });

describe('the digest opens with what needs the admin, then what was done', () => {
  test('critical first: a postponement that starts, a key switched off in use, failures, accounts that did not report; then counts', () => {
    const lines = digestTodos([WORKLOADS, SECURITY, SANDBOX], 4);
    expect(lines.map((line) => [line.level, line.text])).toEqual([
      [
        'critical',
        "Workloads: legacy-batch's old access key AKIALEGACY is still in use (last used on 6 January 2026 by sts in eu-west-1), so its deactivation is postponed; it is switched off on 26 January 2026 at the latest. Its owner was told.",
      ],
      ['critical', "Workloads: old-app's access key AKIAOLDAPP was switched off while still in use (last used on 5 January 2026). If a workload broke, a Reactivate console event switches it back on until its owner moves to the new key."],
      ['critical', '1 failure in Security: see Failures below. What failed was left as it was.'],
      ['critical', "1 of 4 accounts did not report: look at the rotation dead-letter queue and the rotation function's logs."],
      ['info', 'Done in this run: 1 key rotated, 1 key switched off, 1 key deleted, 1 deactivation postponed.'],
      ['info', 'Audit mode in Sandbox: nothing was changed there; enforce mode would have done 1 rotation.'],
    ]);
  });

  test("CloudTrail's evidence of a postponed or in-use key is a line of its own under its row, not part of the sentence", () => {
    const evidence = ['Still used on 5 Jan from 203.0.113.7 by Terraform.', 'An instance or task role removes the need for this key.'];
    const withEvidence = (user: ResultUser): ResultUser => ({ ...user, actions: user.actions.map((action) => ({ ...action, evidence })) });
    const workloads = adminMessage('111122223333', 'Workloads', [withEvidence(POSTPONED('CRITICAL')), withEvidence(SWITCHED_OFF_IN_USE)]);
    const lines = digestTodos([workloads], 1).filter((line) => line.level === 'critical');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.evidence).toEqual(evidence);
      expect(line.text).not.toContain('Still used');
    }
    const values = digestValues(digest([workloads]), SENDER);
    expect(renderTemplate(TEXT_TEMPLATE, values, 'text').output).toContain(`Its owner was told.\n  ${evidence[0]}\n  ${evidence[1]}\n`);
    expect(renderTemplate(ENFORCEMENT_TEMPLATE, values, 'html').output).toContain(`Its owner was told.\n<p style="margin:4px 0 0">Still used on 5 Jan from 203.0.113.7 by Terraform.</p>`);
    // The details table too: the evidence under the row's detail, not inside it.
    const text = renderTemplate(TEXT_TEMPLATE, values, 'text').output;
    expect(text).toMatch(/- Workloads \(111122223333\) \/ legacy-batch \/ AKIALEGACY: CRITICAL: Postpone deactivation, due 2026-01-06, Postponed \([^)\n]*at the latest, in use or not\)\n {2}Still used on 5 Jan from 203\.0\.113\.7 by Terraform\.\n {2}An instance or task role/);
    const html = renderTemplate(ENFORCEMENT_TEMPLATE, values, 'html').output;
    expect(html).toContain('in use or not</span><br><span style="color:#57606a">Still used on 5 Jan from 203.0.113.7 by Terraform.</span><br><span style="color:#57606a">An instance or task role');
    expect(values.action_rows).toEqual(expect.arrayContaining([expect.objectContaining({ key_id: 'AKIALEGACY', detail: expect.not.stringContaining('Still used') })]));
  });

  test('a postponement that goes on is not news: the compliance view lists it, the opening does not', () => {
    const lines = digestTodos([adminMessage('111122223333', 'Workloads', [POSTPONED('WARNING')])], 1);
    expect(lines.filter((line) => line.level === 'critical')).toEqual([]);
  });

  test('a quiet run says so', () => {
    expect(digestTodos([adminMessage('111122223333', 'Workloads', [])], 1)).toEqual([{ level: 'info', text: 'Nothing was changed and nothing failed in this run.' }]);
  });

  test('the lines open the HTML and the text part, critical ones labelled "Act now"', () => {
    const values = digestValues(digest([WORKLOADS, SECURITY, SANDBOX], 4), SENDER);
    const text = renderTemplate(TEXT_TEMPLATE, values, 'text').output;
    expect(text.split('\n').slice(0, 5).join('\n')).toContain("What needs your attention\n- Act now: Workloads: legacy-batch's old access key AKIALEGACY");
    const html = visibleText(renderTemplate(ENFORCEMENT_TEMPLATE, values, 'html').output);
    expect(html.indexOf('What needs your attention')).toBeGreaterThan(-1);
    expect(html.indexOf('What needs your attention')).toBeLessThan(html.indexOf('Compliance'));
  });
});

describe('the digest of a run where some accounts are in audit mode', () => {
  test('says so in the mode line and the banner, HTML and text', () => {
    const values = digestValues(digest([WORKLOADS, SECURITY, SANDBOX]), SENDER);
    expect(values.mode_label).toBe('Enforce mode (1 account in audit mode: Sandbox).');
    expect(renderTemplate(TEXT_TEMPLATE, values, 'text').output).toContain('IAM access key rotation\nEnforce mode (1 account in audit mode: Sandbox).\n');
    expect(visibleText(renderTemplate(ENFORCEMENT_TEMPLATE, values, 'html').output)).toContain('Audit mode in Sandbox (1 of 3 accounts): nothing was changed there.');
  });

  test('all in enforce mode: the plain mode line and no audit note', () => {
    const values = digestValues(digest([WORKLOADS, SECURITY]), SENDER);
    expect(values.mode_label).toBe('Enforce mode.');
    expect(values.audit_note).toBe('');
  });

  test('all in audit mode: the audit template, without the enforce-mode note', () => {
    const values = digestValues(digest([SANDBOX]), SENDER);
    expect(values.audit_note).toBe('');
    expect(renderTemplate(AUDIT_TEMPLATE, values, 'html').missing).toEqual([]);
  });
});

describe('the digest details', () => {
  test('count the accounts that reported instead of naming "All accounts"', () => {
    const values = digestValues(digest([WORKLOADS, SECURITY], 3), SENDER);
    const text = renderTemplate(TEXT_TEMPLATE, values, 'text').output;
    expect(text).toContain('Accounts: 2 of 3 reported; 1 did not (see the rotation dead-letter queue and logs)\n');
    expect(text).not.toContain('All accounts');
    expect(renderTemplate(ENFORCEMENT_TEMPLATE, values, 'html').output).not.toContain('All accounts');
  });

  test('give the account its own column, name over id, and the user its name alone; a key owner\'s mail has no such column', () => {
    const html = renderTemplate(ENFORCEMENT_TEMPLATE, digestValues(digest([WORKLOADS]), SENDER), 'html').output;
    expect(html).toContain('>Account</th>');
    expect(html).toMatch(/>Workloads<br><span style="color:#57606a">111122223333<\/span><\/td><td style="[^"]*white-space:nowrap">etl-pipeline<\/td>/);
    const owner = renderTemplate(ENFORCEMENT_TEMPLATE, messageValues({ ...WORKLOADS, recipient: { email: 'o@example.com', role: 'OWNER' } }, SENDER), 'html').output;
    expect(owner).not.toContain('>Account</th>');
    expect(owner).toMatch(/white-space:nowrap">etl-pipeline<\/td>/);
  });

  test('keep due dates on one line', () => {
    const html = renderTemplate(ENFORCEMENT_TEMPLATE, digestValues(digest([WORKLOADS]), SENDER), 'html').output;
    expect(html).toMatch(/white-space:nowrap">2026-01-06<\/td>/);
  });
});
