import { ROLE_NAMES } from '../../../contract/names';
import { DEFAULT_LIFECYCLE_SETTINGS } from '../../../functions/core/lifecycle';
import { resolvePlanSettings } from '../../../scripts/plan/settings';

const region = 'eu-west-1';

describe('plan settings', () => {
  test('with nothing given: the template\'s defaults, which are the engine\'s', () => {
    const resolved = resolvePlanSettings({ flags: {}, region });
    expect(resolved.settings).toEqual(DEFAULT_LIFECYCLE_SETTINGS);
    expect(resolved).toMatchObject({ exemptionGroup: 'IAMKeyRotationExemptionGroup', exemptionTagKey: 'IAMKeyRotationExempt', roleName: ROLE_NAMES.assumed, dryRun: true });
    expect(resolved.parameters.get('RotationPeriod')).toEqual({ value: '90', source: 'default' });
  });

  test('a stack\'s values, with flags winning over them', () => {
    const resolved = resolvePlanSettings({
      flags: { InactiveBuffer: '5', InactivePeriod: '35', WarningDays: '3,1' },
      stack: { name: 'main', values: { RotationPeriod: '30', InactiveBuffer: '9', InactivePeriod: '39', DryRunFlag: 'False', IAMRoleName: 'member' } },
      region,
    });
    expect(resolved.settings).toMatchObject({ rotationPeriodDays: 30, inactiveBufferDays: 5 });
    expect(resolved).toMatchObject({ roleName: 'member', dryRun: false });
    expect(resolved.parameters.get('RotationPeriod')).toEqual({ value: '30', source: 'stack' });
    expect(resolved.parameters.get('InactiveBuffer')).toEqual({ value: '5', source: 'flag' });
  });

  test.each([
    [
      { flags: { RotationPeriod: '60' } },
      'InactivePeriod (--inactive-period, the default), RotationPeriod (--rotation-period), InactiveBuffer (--inactive-buffer, the default): InactivePeriod must equal RotationPeriod + InactiveBuffer = 60 + 10 = 70, got 100',
    ],
    [
      { flags: {}, stack: { name: 'main', values: { WarningDays: '12,1' } } },
      'WarningDays (--warning-days, from stack main), InactiveBuffer (--inactive-buffer, the default): WarningDays (12,1) must all be shorter than InactiveBuffer (10 days)',
    ],
    [{ flags: { RotationPeriod: 'ninety' } }, 'RotationPeriod (--rotation-period): must be a number, got "ninety"; CloudFormation would refuse it'],
    [{ flags: { ExemptionTagKey: 'bad|key' } }, 'ExemptionTagKey (--exemption-tag-key): does not match'],
    [{ flags: { IAMRoleName: 'role/with/path' } }, 'IAMRoleName (--role): does not match'],
    [{ flags: { StoreSecretsInCentralAccount: 'True' } }, 'StoreSecretsInCentralAccount (--parameter StoreSecretsInCentralAccount=…): does not change what the rotation function plans'],
  ])('%j is refused: %s', (sources, message) => {
    expect(() => resolvePlanSettings({ ...sources, region })).toThrow(message);
  });
});
