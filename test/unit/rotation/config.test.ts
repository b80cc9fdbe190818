import { ConfigError } from '../../../functions/core/config/errors';
import { parseRotationConfig } from '../../../functions/rotation/config/config';
import { ReplicaKeyNotMultiRegionError } from '../../../functions/rotation/config/replica-key';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { DEFAULT_EXEMPTION_GROUP, DEFAULT_EXEMPTION_TAG_KEY } from '../../../contract/names';

const BASE = {
  AWS_REGION: 'us-east-1',
  [ROTATION_ENV.assumedRoleName]: 'asa-iam-key-rotation-lambda-assumed-role',
  [ROTATION_ENV.notificationQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/notifications',
  [ROTATION_ENV.adminEmail]: 'admin@example.com',
  [ROTATION_ENV.bucketName]: 'rotation-test-artifacts',
};

describe('rotation configuration', () => {
  test('defaults: dry run on (classic DryRunFlag True), 90/10/10/7, classic exemption group, member-account secrets', () => {
    const config = parseRotationConfig(BASE);
    expect(config).toMatchObject({
      dryRun: true,
      settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10, warningDays: [7, 1], inUseWindowDays: 2, inUseKeyAction: 'Deactivate', maxPostponeDays: 20 },
      exemptionGroup: DEFAULT_EXEMPTION_GROUP,
      exemptionTagKey: DEFAULT_EXEMPTION_TAG_KEY,
      secretStore: { mode: 'member' },
      replicaRegions: [],
      partition: 'aws',
    });
    expect(config.ownerTagKey).toBeUndefined();
  });

  test('central mode names the central role and requires a customer-managed key', () => {
    const central = {
      ...BASE,
      [ROTATION_ENV.storeSecretsInCentralAccount]: 'True',
      [ROTATION_ENV.centralAccountId]: '999988887777',
      [ROTATION_ENV.centralRoleName]: 'central-role',
    };
    expect(() => parseRotationConfig(central)).toThrow(new RegExp(`^${ROTATION_ENV.secretsKmsKeyArn}: is required`));
    const key = 'arn:aws:kms:us-east-1:999988887777:key/abc';
    expect(parseRotationConfig({ ...central, [ROTATION_ENV.secretsKmsKeyArn]: key }).secretStore).toEqual({
      mode: 'central',
      accountId: '999988887777',
      roleArn: 'arn:aws:iam::999988887777:role/central-role',
    });
  });

  test('central secrets with replicas need a multi-Region key: a single-Region one stops the function with a named error', () => {
    const central = {
      ...BASE,
      [ROTATION_ENV.storeSecretsInCentralAccount]: 'True',
      [ROTATION_ENV.centralAccountId]: '999988887777',
      [ROTATION_ENV.centralRoleName]: 'central-role',
      [ROTATION_ENV.replicaRegions]: 'eu-west-1',
    };
    const single = 'arn:aws:kms:us-east-1:999988887777:key/11111111-2222-3333-4444-555555555555';
    expect(() => parseRotationConfig({ ...central, [ROTATION_ENV.secretsKmsKeyArn]: single })).toThrow(ReplicaKeyNotMultiRegionError);
    expect(() => parseRotationConfig({ ...central, [ROTATION_ENV.secretsKmsKeyArn]: single })).toThrow(/SECRETS_KMS_KEY_ARN, REPLICA_REGIONS: .*multi-Region key/);
    const multi = 'arn:aws:kms:us-east-1:999988887777:key/mrk-1234abcd12ab34cd56ef1234567890ab';
    expect(parseRotationConfig({ ...central, [ROTATION_ENV.secretsKmsKeyArn]: multi }).replicaRegions).toEqual(['eu-west-1']);
    // Member mode keeps its replicas in the user's own account, where aws/secretsmanager serves them.
    expect(parseRotationConfig({ ...BASE, [ROTATION_ENV.replicaRegions]: 'eu-west-1', [ROTATION_ENV.secretsKmsKeyArn]: single }).replicaRegions).toEqual(['eu-west-1']);
  });

  test.each([
    [{ [ROTATION_ENV.dryRun]: 'yes' }, ROTATION_ENV.dryRun],
    [{ [ROTATION_ENV.rotationPeriod]: 'ninety' }, ROTATION_ENV.rotationPeriod],
    [{ [ROTATION_ENV.inactivePeriod]: '95' }, ROTATION_ENV.inactivePeriod],
    [{ [ROTATION_ENV.warningDays]: '10' }, ROTATION_ENV.warningDays],
    [{ [ROTATION_ENV.warningDays]: 'seven' }, ROTATION_ENV.warningDays],
    [{ [ROTATION_ENV.assumedRoleName]: 'arn:aws:iam::1:role/x' }, ROTATION_ENV.assumedRoleName],
    [{ [ROTATION_ENV.assumedRoleName]: '' }, ROTATION_ENV.assumedRoleName],
    [{ [ROTATION_ENV.replicaRegions]: 'eu-west-1,mars' }, ROTATION_ENV.replicaRegions],
    [{ [ROTATION_ENV.replicaRegions]: 'us-east-1' }, ROTATION_ENV.replicaRegions],
    [{ [ROTATION_ENV.notificationQueueUrl]: 'queue' }, ROTATION_ENV.notificationQueueUrl],
    [{ [ROTATION_ENV.adminEmail]: 'admin' }, ROTATION_ENV.adminEmail],
    [{ [ROTATION_ENV.secretsKmsKeyArn]: 'my-key' }, ROTATION_ENV.secretsKmsKeyArn],
    [{ [ROTATION_ENV.storeSecretsInCentralAccount]: 'True' }, ROTATION_ENV.centralAccountId],
    [{ [ROTATION_ENV.inUseWindow]: '0' }, ROTATION_ENV.inUseWindow],
    [{ [ROTATION_ENV.inUseKeyAction]: 'Ignore' }, ROTATION_ENV.inUseKeyAction],
    [{ [ROTATION_ENV.maxPostponeDays]: 'soon' }, ROTATION_ENV.maxPostponeDays],
    [{ [ROTATION_ENV.inactiveBuffer]: '120' }, ROTATION_ENV.inactiveBuffer],
  ])('%j stops the function with an error naming %s first', (override, variable) => {
    const error = (() => {
      try {
        parseRotationConfig({ ...BASE, ...override });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable.split(', ')[0]).toBe(variable);
  });

  test('a combination the lifecycle cannot keep names every variable and every template parameter involved', () => {
    expect(() => parseRotationConfig({ ...BASE, [ROTATION_ENV.inactiveBuffer]: '120' })).toThrow(
      'INACTIVE_BUFFER, RECOVERY_GRACE_PERIOD, ROTATION_PERIOD: (parameters InactiveBuffer, RecoveryGracePeriod, RotationPeriod): ' +
        'InactiveBuffer + RecoveryGracePeriod (120 + 10 = 130 days) must be at most RotationPeriod (90 days)',
    );
    expect(() => parseRotationConfig({ ...BASE, [ROTATION_ENV.inUseKeyAction]: 'Postpone', [ROTATION_ENV.rotationPeriod]: '30', [ROTATION_ENV.inactivePeriod]: '40' })).toThrow(
      /^MAX_POSTPONE_DAYS, INACTIVE_BUFFER, RECOVERY_GRACE_PERIOD, ROTATION_PERIOD: \(parameters MaxPostponeDays, InactiveBuffer, RecoveryGracePeriod, RotationPeriod\)/,
    );
    expect(() => parseRotationConfig({ ...BASE, [ROTATION_ENV.rotationPeriod]: 'x' })).toThrow(/^ROTATION_PERIOD: \(parameter RotationPeriod\): must be a whole number/);
  });
});

describe('ComplianceMaxKeyAge at cold start', () => {
  test('unset or 0 is off; whole days are read; anything else names the parameter', () => {
    expect(parseRotationConfig(BASE).complianceMaxKeyAgeDays).toBe(0);
    expect(parseRotationConfig({ ...BASE, [ROTATION_ENV.complianceMaxKeyAge]: '90' }).complianceMaxKeyAgeDays).toBe(90);
    for (const bad of ['-1', '90.5', 'ninety', '4000']) {
      expect(() => parseRotationConfig({ ...BASE, [ROTATION_ENV.complianceMaxKeyAge]: bad })).toThrow(
        new RegExp(`^${ROTATION_ENV.complianceMaxKeyAge}: \\(parameter ComplianceMaxKeyAge\\): must be whole days`),
      );
    }
  });

  test('the function warns once, at start, when the settings make every rotated key fail the limit', async () => {
    const { createRotationHandler } = await import('../../../functions/rotation/handler');
    const warnings: string[] = [];
    const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined, child: () => logger };
    createRotationHandler({ env: { ...BASE, [ROTATION_ENV.complianceMaxKeyAge]: '90' }, logger });
    expect(warnings).toEqual([expect.stringMatching(/^ComplianceMaxKeyAge is 90 days, but every replaced key stays active until day .* = 100/)]);
    warnings.length = 0;
    createRotationHandler({ env: { ...BASE, [ROTATION_ENV.complianceMaxKeyAge]: '120' }, logger });
    createRotationHandler({ env: BASE, logger });
    expect(warnings).toEqual([]);
  });
});
