/**
 * SecretBreakGlassPrincipals, validated twice (issue 10): at deploy time by the
 * template's AllowedPattern and at cold start by the rotation function, which
 * must agree on what they accept.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../../functions/core/config/errors';
import { parseRotationConfig } from '../../../functions/rotation/config/config';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { TEMPLATE_FILES } from '../../../contract/names';
import { parseTemplate } from '../../../templates-src/lib/yaml';

const BASE = {
  AWS_REGION: 'us-east-1',
  [ROTATION_ENV.assumedRoleName]: 'asa-iam-key-rotation-lambda-assumed-role',
  [ROTATION_ENV.notificationQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/notifications',
  [ROTATION_ENV.adminEmail]: 'admin@example.com',
  [ROTATION_ENV.bucketName]: 'rotation-test-artifacts',
};
const parse = (value: string) => parseRotationConfig({ ...BASE, [ROTATION_ENV.secretBreakGlassPrincipals]: value }).breakGlassPrincipals;
const errorOf = (value: string): ConfigError | undefined => {
  try {
    parse(value);
    return undefined;
  } catch (error) {
    return error as ConfigError;
  }
};

const main = parseTemplate(readFileSync(path.join(__dirname, '..', '..', '..', 'dist', 'CloudFormation', TEMPLATE_FILES.main), 'utf8')) as {
  Parameters: Record<string, { AllowedPattern: string }>;
};
const deployTime = new RegExp(main.Parameters.SecretBreakGlassPrincipals?.AllowedPattern ?? 'missing');

describe('break-glass principals at cold start', () => {
  test('none by default', () => {
    expect(parseRotationConfig(BASE).breakGlassPrincipals).toEqual([]);
    expect(parse('')).toEqual([]);
  });

  test('role ARNs, with paths, once each', () => {
    expect(parse('arn:aws:iam::111122223333:role/ops/break-glass,arn:aws:iam::444455556666:role/Audit,arn:aws:iam::444455556666:role/Audit')).toEqual([
      'arn:aws:iam::111122223333:role/ops/break-glass',
      'arn:aws:iam::444455556666:role/Audit',
    ]);
  });

  test.each([
    ['a user ARN', 'arn:aws:iam::111122223333:user/alice'],
    ['an assumed-role session ARN', 'arn:aws:sts::111122223333:assumed-role/Admin/me'],
    ['a role name', 'break-glass'],
    ['a wildcard', 'arn:aws:iam::111122223333:role/*'],
    ['another partition', 'arn:aws-cn:iam::111122223333:role/break-glass'],
  ])('refuses %s, naming the variable', (_what, value) => {
    const error = errorOf(value);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.variable).toBe(ROTATION_ENV.secretBreakGlassPrincipals);
    expect(error?.message).toContain(value);
  });

  test.each([
    'arn:aws:iam::111122223333:role/break-glass',
    'arn:aws:iam::111122223333:role/a/b/c,arn:aws:iam::444455556666:role/x+y=z.@-_',
    'arn:aws:iam::111122223333:user/alice',
    'arn:aws:iam::111122223333:role/*',
    'arn:aws:iam::111122223333:role/a,arn:aws:sts::111122223333:assumed-role/a/b',
    'role/a',
    'arn:aws:iam::111122223333:role/with,comma',
  ])('the template pattern and the function agree on %s', (value) => {
    expect(deployTime.test(value)).toBe(errorOf(value) === undefined);
  });
});
