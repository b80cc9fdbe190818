import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EMAIL_TEMPLATES } from '../../../contract/names';
import { compileTemplate, renderTemplate } from '../../../functions/notifier/render';
import { BUILT_IN_TEMPLATES } from '../../../functions/notifier/templates/builtin';
import { consoleValues, digestValues, messageValues } from '../../../functions/notifier/values';
import type { NotificationMessage } from '../../../functions/core/messages/notification';

const SENDER = { senderEmail: 'admin@example.com', partition: 'aws', region: 'us-east-1' };
const MESSAGE: NotificationMessage = {
  version: 1,
  recipient: { email: 'admin@example.com', role: 'ADMIN' },
  accountId: '111122223333',
  dryRun: false,
  generatedAt: '2026-11-28T09:00:00Z',
  settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
  users: [],
  failures: [],
};

describe('shipped email templates', () => {
  test('both files the template parameters name are shipped', () => {
    expect(Object.keys(BUILT_IN_TEMPLATES).sort()).toEqual([EMAIL_TEMPLATES.audit, EMAIL_TEMPLATES.enforce].sort());
  });

  test.each(Object.entries(BUILT_IN_TEMPLATES))('dist/Template/%s equals the built-in source (run npm run email-templates after editing)', async (name, html) => {
    const file = path.join(__dirname, '../../../dist/Template', name);
    expect(await readFile(file, 'utf8')).toBe(html);
  });

  test.each(Object.entries(BUILT_IN_TEMPLATES))('%s has every placeholder filled for a message, a digest and the console payload', (_name, html) => {
    const compiled = compileTemplate(html);
    expect(renderTemplate(compiled, messageValues(MESSAGE, SENDER), 'html').missing).toEqual([]);
    expect(renderTemplate(compiled, digestValues({ runId: 'r', reports: [MESSAGE], expectedAccounts: 2, keyRows: [] }, SENDER), 'html').missing).toEqual([]);
    const classic = { account_id: '111122223333', account_name: 'x', timestamp: 't', actions: ['a'], rotation_period: '90', installation_grace_period: '10', recovery_grace_period: '10', partition_name: 'aws' };
    expect(renderTemplate(compiled, consoleValues(classic, SENDER), 'html').missing).toEqual([]);
  });

  test('a message with no actions says that no key needs attention', () => {
    const html = BUILT_IN_TEMPLATES[EMAIL_TEMPLATES.enforce] ?? '';
    expect(renderTemplate(html, messageValues(MESSAGE, SENDER), 'html').output).toContain('No access key needs attention.');
  });
});
