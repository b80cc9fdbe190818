import { NOTIFIER_ENV } from '../../../contract/env/notifier';
import { DEFAULT_S3_PREFIX } from '../../../contract/names';
import { parseNotifierConfig } from '../../../functions/notifier/config';
import { ConfigError } from '../../../functions/core/config/errors';

const ENV = {
  [NOTIFIER_ENV.adminEmail]: 'admin@example.com',
  [NOTIFIER_ENV.bucketName]: 'my-artifacts',
  [NOTIFIER_ENV.emailTemplateEnforce]: 'iam-auto-key-rotation-enforcement.html',
  [NOTIFIER_ENV.emailTemplateAudit]: 'iam-auto-key-rotation-audit.html',
  [NOTIFIER_ENV.runInVpc]: 'False',
};

describe('notifier configuration', () => {
  test('defaults: the classic prefix, SES API (no SMTP), the partition of the region', () => {
    expect(parseNotifierConfig(ENV, 'cn-north-1')).toEqual({
      adminEmail: 'admin@example.com',
      complianceMaxKeyAgeDays: 0,
      bucket: 'my-artifacts',
      prefix: DEFAULT_S3_PREFIX,
      templates: { enforce: 'iam-auto-key-rotation-enforcement.html', audit: 'iam-auto-key-rotation-audit.html' },
      region: 'cn-north-1',
      partition: 'aws-cn',
      digestWeekday: 'Monday',
    });
  });

  test('DigestWeekday: a day name in any case, or Daily; anything else names the variable', () => {
    expect(parseNotifierConfig({ ...ENV, [NOTIFIER_ENV.digestWeekday]: 'friday' }, 'us-east-1').digestWeekday).toBe('Friday');
    expect(parseNotifierConfig({ ...ENV, [NOTIFIER_ENV.digestWeekday]: 'Daily' }, 'us-east-1').digestWeekday).toBe('Daily');
    expect(() => parseNotifierConfig({ ...ENV, [NOTIFIER_ENV.digestWeekday]: 'Mon' }, 'us-east-1')).toThrow(
      expect.objectContaining({ variable: NOTIFIER_ENV.digestWeekday }),
    );
  });

  test('slashes around the prefix are dropped', () => {
    expect(parseNotifierConfig({ ...ENV, [NOTIFIER_ENV.bucketPrefix]: '/team/rotation/' }, 'us-east-1').prefix).toBe('team/rotation');
  });

  test('VPC mode requires the SMTP parameter names; outside it they are not read', () => {
    const vpc = { ...ENV, [NOTIFIER_ENV.runInVpc]: 'True', [NOTIFIER_ENV.smtpUserParamName]: '/smtp/user', [NOTIFIER_ENV.smtpPasswordParamName]: '/smtp/password' };
    expect(parseNotifierConfig(vpc, 'us-east-1').smtp).toEqual({ userParameter: '/smtp/user', passwordParameter: '/smtp/password' });
    expect(() => parseNotifierConfig({ ...vpc, [NOTIFIER_ENV.smtpPasswordParamName]: '' }, 'us-east-1')).toThrow(
      expect.objectContaining({ variable: NOTIFIER_ENV.smtpPasswordParamName }),
    );
  });

  test.each([
    [NOTIFIER_ENV.adminEmail, undefined],
    [NOTIFIER_ENV.adminEmail, 'admin'],
    [NOTIFIER_ENV.bucketName, 'My_Bucket'],
    [NOTIFIER_ENV.bucketPrefix, '//'],
    [NOTIFIER_ENV.emailTemplateEnforce, 'template/enforce.html'],
    [NOTIFIER_ENV.emailTemplateAudit, 'audit.txt'],
    [NOTIFIER_ENV.runInVpc, 'yes'],
  ])('%s=%p is a ConfigError naming it', (variable, value) => {
    const error = (() => {
      try {
        parseNotifierConfig({ ...ENV, [variable]: value }, 'us-east-1');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable });
    expect(String((error as Error).message)).toContain(variable);
  });

  test('no region is an error naming AWS_REGION', () => {
    expect(() => parseNotifierConfig(ENV, undefined)).toThrow(expect.objectContaining({ variable: 'AWS_REGION' }));
  });
});
