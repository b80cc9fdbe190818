import type { NotificationMessage, ResultAction, ResultUser } from '../../../functions/core/messages/notification';
import { renderTemplate } from '../../../functions/notifier/render';
import { messageSubject } from '../../../functions/notifier/subjects';
import { AUDIT_TEMPLATE, ENFORCEMENT_TEMPLATE, TEXT_TEMPLATE } from '../../../functions/notifier/templates/builtin';
import { messageValues } from '../../../functions/notifier/values';
import { emailHtmlProblems, visibleText } from '../compliance/email-safe';

const SENDER = { senderEmail: 'security@example.com', partition: 'aws-cn', region: 'eu-west-1' };
const MEMBER = '111122223333';
const CENTRAL = '999988887777';
const NOW = '2026-01-06T06:00:00.000Z';

function rotated(userName: string, overrides: Partial<ResultAction> = {}): ResultUser {
  return {
    userName,
    actions: [
      {
        type: 'ROTATE',
        keyId: 'AKIAOLDKEY0000000001',
        reason: 'ROTATION_DUE',
        severity: 'INFO',
        dueAt: '2026-01-06T00:00:00.000Z',
        outcome: 'DONE',
        newKeyId: 'AKIANEWKEY0000000001',
        secretName: `Account_${MEMBER}_User_${userName}_AccessKey`,
        secretArn: `arn:aws:secretsmanager:eu-west-1:${MEMBER}:secret:Account_${MEMBER}_User_${userName}_AccessKey-AbCdEf`,
        ...overrides,
      },
    ],
  };
}

function message(users: readonly ResultUser[], overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    version: 1,
    recipient: { email: 'owner@example.com', role: 'OWNER' },
    accountId: MEMBER,
    accountName: 'Workloads',
    dryRun: false,
    generatedAt: NOW,
    runId: 'run-0f4c2a-internal',
    settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
    users,
    failures: [],
    ...overrides,
  };
}

function render(m: NotificationMessage): { html: string; text: string; firstLines: string } {
  const values = messageValues(m, SENDER);
  const html = renderTemplate(m.dryRun ? AUDIT_TEMPLATE : ENFORCEMENT_TEMPLATE, values, 'html').output;
  const text = renderTemplate(TEXT_TEMPLATE, values, 'text').output;
  return { html, text, firstLines: text.split('\n').slice(0, 6).join('\n') };
}

describe('a key owner\'s mail says first, in plain words, what to do and by when', () => {
  test('a rotated key: switch before the day the old key stops working, then exactly how to fetch the new one (CLI, JavaScript, Python)', () => {
    const { html, text, firstLines } = render(message([rotated('alice')]));
    expect(firstLines).toContain('What you need to do');
    expect(firstLines).toContain('- To do: Switch alice to its new access key AKIANEWKEY0000000001 before 16 January 2026, when the old key AKIAOLDKEY0000000001 stops working.');
    const name = `Account_${MEMBER}_User_alice_AccessKey`;
    expect(text).toContain(`    aws secretsmanager get-secret-value \\\n      --secret-id ${name} \\\n      --region eu-west-1 \\\n      --query SecretString --output text\n`);
    expect(text).toContain(`    const client = new SecretsManagerClient({ region: 'eu-west-1' });\n    const { SecretString } = await client.send(new GetSecretValueCommand({\n      SecretId: '${name}',\n    }));`);
    expect(text).toContain(`    client = boto3.client('secretsmanager', region_name='eu-west-1')\n    response = client.get_secret_value(\n        SecretId='${name}',\n    )`);
    // The tables come after; run ids and partitions stay out of the text.
    expect(text.indexOf('How to fetch')).toBeLessThan(text.indexOf('DETAILS'));
    for (const part of [html, text]) {
      expect(part).not.toContain('run-0f4c2a-internal');
      expect(part).not.toContain('aws-cn');
    }
    expect(visibleText(html)).toContain('Switch alice to its new access key AKIANEWKEY0000000001 before 16 January 2026');
    expect(messageSubject(message([rotated('alice')]))).toBe('IAM access key rotation: Workloads (111122223333): action needed by 16 January 2026');
  });

  test('central mode: the secret is in another account, reached by its ARN, which every command uses', () => {
    const arn = `arn:aws:secretsmanager:us-west-2:${CENTRAL}:secret:Account_${MEMBER}_User_alice_AccessKey-AbCdEf`;
    const { text } = render(message([rotated('alice', { secretArn: arn })]));
    expect(text).toContain(`in us-west-2, account ${CENTRAL} (the central account: use the ARN below as the secret id)`);
    expect(text).toContain(`--secret-id ${arn} \\\n      --region us-west-2 \\`);
    expect(text).toContain(`SecretId: '${arn}',`);
    expect(text).toContain(`SecretId='${arn}',`);
  });

  test('a message from an older rotation function (no ARN): the stack\'s region and the secret\'s name', () => {
    const { text } = render(message([rotated('alice', { secretArn: undefined })]));
    expect(text).toContain(`--secret-id Account_${MEMBER}_User_alice_AccessKey \\\n      --region eu-west-1 \\`);
  });

  test('an SES SMTP user: where each new SMTP password is', () => {
    const { text, firstLines } = render(message([rotated('mailer', { smtpRegions: ['eu-west-1', 'us-east-1'] })]));
    expect(firstLines).toContain('Its SMTP password changed too: the new one is in the same secret.');
    expect(text).toContain('SMTP in us-east-1: user name = the new AccessKeyId, password = SmtpPasswords["us-east-1"] in the same secret (email-smtp.us-east-1.amazonaws.com)');
  });

  test('a reminder names the day and how far away it is, and where the old key still runs; the 1-day one says tomorrow', () => {
    const warn = (milestone: number, dueAt: string, inUse: boolean): ResultUser => ({
      userName: 'etl',
      actions: [{ type: 'WARN', keyId: 'AKIAOLD', reason: 'DEACTIVATION_UPCOMING', severity: 'INFO', dueAt, announces: 'DEACTIVATE', milestone, outcome: 'PLANNED', inUse, lastUse: { at: '2026-01-05T23:10:00Z', service: 's3', region: 'eu-west-1' } }],
    });
    expect(render(message([warn(7, '2026-01-13T00:00:00Z', true)])).firstLines).toContain(
      "- To do: etl's old access key AKIAOLD stops working on 13 January 2026 (in 7 days). It is still in use (last used on 5 January 2026 by s3 in eu-west-1): move that application to the new key before then.",
    );
    expect(render(message([warn(1, '2026-01-07T00:00:00Z', false)])).firstLines).toContain("etl's old access key AKIAOLD stops working on 7 January 2026 (tomorrow). It was last used on 5 January 2026 by s3 in eu-west-1.");
  });

  test('a postponement and a deactivation of a key in use come first, marked to act now; the subject says so', () => {
    const postponed: ResultUser = {
      userName: 'legacy-batch',
      actions: [{ type: 'POSTPONE', keyId: 'AKIALEGACY', reason: 'KEY_IN_USE', severity: 'CRITICAL', dueAt: '2026-01-06T00:00:00Z', outcome: 'DONE', inUse: true, lastUse: { at: '2026-01-06T05:00:00Z', service: 'sts', region: 'us-east-1' }, deadline: '2026-01-26T00:00:00Z' }],
    };
    const m = message([rotated('alice'), postponed]);
    const { firstLines } = render(m);
    expect(firstLines.split('\n')[4]).toBe(
      "- Act now: legacy-batch's old access key AKIALEGACY is still in use (last used on 6 January 2026 by sts in us-east-1), so it was not switched off on 6 January 2026 as planned. Move that application to the new key: the old key is switched off once it is no longer in use, and on 26 January 2026 at the latest.",
    );
    expect(messageSubject(m)).toMatch(/: act now$/);
  });

  describe("CloudTrail's evidence stands on lines of its own under the to-do line, not run on in it", () => {
    const EVIDENCE = ['Still used on 5 Jan from 20.1.2.3 by the GitHub Actions credentials action.', '12 management events in CloudTrail (us-east-1) since 3 Jan, first on 3 Jan: GetCallerIdentity.'];
    const ADVICE = "Used only from GitHub Actions: GitHub's OIDC provider removes the need for this key.";
    const use = { at: '2026-01-05T23:10:00Z', service: 'sts', region: 'us-east-1' };
    const reminder: ResultUser = {
      userName: 'etl',
      actions: [{ type: 'WARN', keyId: 'AKIAOLD', reason: 'DEACTIVATION_UPCOMING', severity: 'INFO', dueAt: '2026-01-13T00:00:00Z', announces: 'DEACTIVATE', milestone: 7, outcome: 'PLANNED', inUse: true, lastUse: use, evidence: [...EVIDENCE, ADVICE] }],
    };
    const critical: ResultUser = {
      userName: 'legacy-batch',
      actions: [
        { type: 'POSTPONE', keyId: 'AKIALEGACY', reason: 'KEY_IN_USE', severity: 'CRITICAL', dueAt: '2026-01-06T00:00:00Z', outcome: 'DONE', inUse: true, lastUse: use, deadline: '2026-01-26T00:00:00Z', evidence: [EVIDENCE[0] ?? ''] },
        { type: 'DEACTIVATE', keyId: 'AKIAOLDAPP', reason: 'POSTPONEMENT_ENDED', severity: 'CRITICAL', dueAt: '2026-01-06T00:00:00Z', outcome: 'DONE', inUse: true, lastUse: use, evidence: ['No management events found for this key in CloudTrail (us-east-1, last 14 days).'] },
      ],
    };

    test('the reminder before a deactivation: evidence and advice each a line of their own in text, a paragraph each in HTML', () => {
      const { html, text } = render(message([reminder]));
      expect(text).toContain(
        [
          "- To do: etl's old access key AKIAOLD stops working on 13 January 2026 (in 7 days). It is still in use (last used on 5 January 2026 by sts in us-east-1): move that application to the new key before then.",
          `  ${EVIDENCE[0]}`,
          `  ${EVIDENCE[1]}`,
          `  ${ADVICE}`,
          '',
        ].join('\n'),
      );
      expect(html).toContain('move that application to the new key before then.\n<p style="margin:4px 0 0">Still used on 5 Jan from 20.1.2.3 by the GitHub Actions credentials action.</p>');
      expect(html).toContain('<p style="margin:4px 0 0">Used only from GitHub Actions: GitHub&#39;s OIDC provider removes the need for this key.</p>');
      expect(emailHtmlProblems(html, { document: true })).toEqual([]);
    });

    test('the CRITICAL lines (postponed, switched off in use): the to-do line ends where the evidence begins', () => {
      const { text } = render(message([critical]));
      expect(text).toMatch(/and on 26 January 2026 at the latest\.\n {2}Still used on 5 Jan from 20\.1\.2\.3/);
      expect(text).toMatch(/switch it back on \(Reactivate\)\.\n {2}No management events found for this key in CloudTrail/);
      expect(text).not.toMatch(/latest\. Still used/);
    });

    test('evidence is escaped in HTML and stays on its own line in text, whatever it holds', () => {
      const hostile = '<img src=x onerror=alert(1)>\nFAKE LINE';
      const { html, text } = render(message([{ userName: 'etl', actions: [{ ...reminder.actions[0]!, evidence: [hostile] }] }]));
      expect(html).not.toContain('<img');
      expect(html).toContain('<p style="margin:4px 0 0">&lt;img src&#61;x onerror&#61;alert(1)&gt;');
      expect(text).not.toMatch(/^FAKE LINE/m);
      expect(text).toMatch(/^ {2}<img src=x onerror=alert\(1\)>/m);
    });

    test('no evidence, no extra line', () => {
      const { text } = render(message([{ userName: 'etl', actions: [{ ...reminder.actions[0]!, evidence: [] }] }]));
      expect(text).toMatch(/before then\.\n\n/);
    });
  });

  test('audit mode: what enforce mode would do, asking nothing; the banner says why nothing changed', () => {
    const m = message([{ userName: 'intern', actions: [{ type: 'DELETE', keyId: 'AKIAINTERN', reason: 'LONE_INACTIVE_EXPIRED', severity: 'INFO', dueAt: '2026-01-01T00:00:00Z', outcome: 'PLANNED' }] }], {
      dryRun: true,
      auditReason: 'OUTSIDE_ENFORCED_SCOPE',
    });
    const { html, firstLines } = render(m);
    expect(firstLines).toContain('Audit mode: this account is outside EnforcedScope (staged rollout), so nothing was changed.');
    expect(firstLines).toContain("- Note: intern's inactive access key AKIAINTERN would be deleted.");
    expect(visibleText(html)).toContain('Audit mode: this account is outside EnforcedScope');
    expect(messageSubject(m)).toBe('[Audit] IAM access key rotation report: Workloads (111122223333)');
  });

  test('every new value is escaped: hostile user names, account names, notes and error texts never become markup', () => {
    const hostile = '<img src=x onerror=alert(1)>"\'`=&';
    const m = message(
      [
        rotated(hostile, { smtpRegions: [hostile] }),
        { userName: `${hostile}2`, actions: [{ type: 'ROTATE', keyId: 'AKIAFAILED', reason: 'ROTATION_DUE', severity: 'INFO', dueAt: NOW, outcome: 'ROLLED_BACK', error: `${hostile} AccessDenied` }], failure: hostile },
      ],
      { accountName: hostile, notes: [hostile], failures: [hostile] },
    );
    const { html, text } = render(m);
    expect(emailHtmlProblems(html, { document: true })).toEqual([]);
    expect(html).not.toContain('<img');
    expect(html).not.toContain(hostile);
    expect(html).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;&quot;&#39;&#96;&#61;&amp;');
    // The text part has no markup to break: the value as it is, on one line.
    expect(text).toContain(`Switch ${hostile} to its new access key`);
  });

  test('hostile values in every other new field (key ids, secret name and ARN, last use, dates, hold) are escaped in HTML and stay on one line in text', () => {
    const hostile = '<b onmouseover=alert(1)>x</b>\nFAKE LINE';
    const use = { at: hostile, service: hostile, region: hostile };
    const m = message([
      rotated('alice', { keyId: hostile, newKeyId: hostile, secretName: hostile, secretArn: hostile, smtpRegions: [hostile] }),
      { userName: 'etl', actions: [{ type: 'WARN', keyId: hostile, reason: 'DEACTIVATION_UPCOMING', severity: 'INFO', dueAt: hostile, announces: 'DEACTIVATE', milestone: 7, outcome: 'PLANNED', inUse: true, lastUse: use }] },
      { userName: 'batch', actions: [{ type: 'POSTPONE', keyId: hostile, reason: 'KEY_IN_USE', severity: 'CRITICAL', dueAt: hostile, outcome: 'DONE', inUse: true, lastUse: use, deadline: hostile }] },
      { userName: 'paused', actions: [{ type: 'REACTIVATE', keyId: hostile, reason: 'REACTIVATION_REQUESTED', severity: 'INFO', dueAt: NOW, outcome: 'DONE', holdUntil: hostile }] },
    ]);
    const { html, text } = render(m);
    expect(emailHtmlProblems(html, { document: true })).toEqual([]);
    expect(html).not.toContain('<b ');
    expect(html).toContain('&lt;b onmouseover&#61;alert(1)&gt;x&lt;/b&gt;');
    // A line break in a value never starts a line of its own.
    expect(text).not.toMatch(/^FAKE LINE/m);
    expect(visibleText(html)).toContain('<b onmouseover=alert(1)>x</b>');
  });
});

describe('fetch instructions fit a mail column', () => {
  test('no code line is longer than 72 characters but for the secret id it names (mail clients wrap long lines mid-token)', () => {
    const values = messageValues(message([rotated('a-user-name-of-thirty-chars-xx')]), SENDER);
    const fetch = (values.fetch as readonly { secret_id: string; cli: readonly { line: string }[]; javascript: readonly { line: string }[]; python: readonly { line: string }[] }[])[0];
    if (!fetch) throw new Error('no fetch instructions');
    const code = [...fetch.cli, ...fetch.javascript, ...fetch.python].map((code) => code.line);
    expect(code.length).toBeGreaterThan(10);
    for (const line of code) expect(line.replace(fetch.secret_id, 'X').length).toBeLessThanOrEqual(72);
  });
});
