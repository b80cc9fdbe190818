import { InvalidSettingError, parseLifecycleSettings } from '../../../functions/core/lifecycle';
import type { RawLifecycleSettings, SettingName } from '../../../functions/core/lifecycle';

/** The InvalidSettingError that `raw` produces; fails the test if it produces anything else. */
function settingError(raw: RawLifecycleSettings): InvalidSettingError {
  try {
    parseLifecycleSettings(raw);
  } catch (error) {
    if (error instanceof InvalidSettingError) return error;
    throw error;
  }
  throw new Error(`expected an InvalidSettingError for ${JSON.stringify(raw)}`);
}

function expectSettingError(raw: RawLifecycleSettings, setting: SettingName, message: RegExp): void {
  const error = settingError(raw);
  expect(error.name).toBe('InvalidSettingError');
  expect(error.setting).toBe(setting);
  expect(error.message.startsWith(`${setting}: `)).toBe(true);
  expect(error.message).toMatch(message);
}

describe('lifecycle settings', () => {
  test('absent values take the defaults R = 90, B = 10, G = 10, W = 7', () => {
    expect(parseLifecycleSettings({})).toEqual({ rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10, warningLeadDays: 7 });
  });

  test('numbers and numeric strings from environment variables are both read; blank strings mean absent', () => {
    expect(
      parseLifecycleSettings({ RotationPeriod: ' 30 ', InactiveBuffer: 8, RecoveryGracePeriod: '20.0', WarningLeadTime: '', InactivePeriod: '38' }),
    ).toEqual({ rotationPeriodDays: 30, inactiveBufferDays: 8, recoveryGracePeriodDays: 20, warningLeadDays: 7 });
  });

  test('a warning lead time of 0 turns warnings off and is accepted', () => {
    expect(parseLifecycleSettings({ WarningLeadTime: '0' }).warningLeadDays).toBe(0);
  });

  test('an InactivePeriod equal to RotationPeriod + InactiveBuffer is accepted (the classic default, 100)', () => {
    expect(parseLifecycleSettings({ InactivePeriod: 100 }).rotationPeriodDays).toBe(90);
  });

  describe('each bad setting gives an InvalidSettingError naming it', () => {
    test('non-integer number: "RotationPeriod: must be a whole number of days"', () => {
      expectSettingError({ RotationPeriod: 90.5 }, 'RotationPeriod', /whole number of days, got 90\.5/);
    });

    test('non-numeric string: "InactiveBuffer: must be a whole number of days"', () => {
      expectSettingError({ InactiveBuffer: 'ten' }, 'InactiveBuffer', /whole number of days, got "ten"/);
    });

    test('numeric notation other than plain decimal ("1e2", "0x5a") is not a whole number of days', () => {
      expectSettingError({ RecoveryGracePeriod: '1e2' }, 'RecoveryGracePeriod', /whole number of days/);
      expectSettingError({ RotationPeriod: '0x5a' }, 'RotationPeriod', /whole number of days/);
    });

    test('non-integer string: "WarningLeadTime: must be a whole number of days"', () => {
      expectSettingError({ WarningLeadTime: '3.5' }, 'WarningLeadTime', /whole number of days, got "3\.5"/);
    });

    test('NaN or Infinity is not a whole number of days', () => {
      expectSettingError({ RotationPeriod: Number.NaN }, 'RotationPeriod', /whole number of days/);
      expectSettingError({ InactiveBuffer: Number.POSITIVE_INFINITY }, 'InactiveBuffer', /whole number of days/);
    });

    test.each([
      ['RotationPeriod', 0],
      ['InactiveBuffer', 0],
      ['RecoveryGracePeriod', 0],
    ] as const)('zero period: "%s: must be at least 1 day"', (setting, value) => {
      expectSettingError({ [setting]: value, WarningLeadTime: 0 }, setting, /must be at least 1 day, got 0/);
    });

    test.each([
      ['RotationPeriod', '-90'],
      ['InactiveBuffer', -1],
      ['RecoveryGracePeriod', '-10'],
    ] as const)('negative period: "%s: must be at least 1 day"', (setting, value) => {
      expectSettingError({ [setting]: value }, setting, /must be at least 1 day/);
    });

    test('negative warning lead time: "WarningLeadTime: must be 0 (no warnings) or more days"', () => {
      expectSettingError({ WarningLeadTime: -1 }, 'WarningLeadTime', /must be 0 \(no warnings\) or more days, got -1/);
    });

    test.each([
      ['RotationPeriod', { RotationPeriod: 7, InactiveBuffer: 10, RecoveryGracePeriod: 10, WarningLeadTime: 7 }],
      ['InactiveBuffer', { InactiveBuffer: 5 }],
      ['RecoveryGracePeriod', { RecoveryGracePeriod: 3 }],
    ] as const)('warning lead time not shorter than %s: "WarningLeadTime: must be shorter than ..."', (period, raw) => {
      expectSettingError(raw, 'WarningLeadTime', new RegExp(`must be shorter than ${period} \\(\\d+ days\\), got 7`));
    });

    test('InactivePeriod that disagrees with RotationPeriod + InactiveBuffer: the error says the expected value', () => {
      expectSettingError({ RotationPeriod: 90, InactiveBuffer: 10, InactivePeriod: 95 }, 'InactivePeriod', /must equal RotationPeriod \+ InactiveBuffer = 90 \+ 10 = 100, got 95/);
      // Changing RotationPeriod alone leaves the classic InactivePeriod default behind: that is exactly the mistake to catch.
      expectSettingError({ RotationPeriod: 60, InactivePeriod: '100' }, 'InactivePeriod', /= 70, got 100/);
    });

    test('InactivePeriod that is not a whole number: "InactivePeriod: must be a whole number of days"', () => {
      expectSettingError({ InactivePeriod: 'hundred' }, 'InactivePeriod', /whole number of days/);
    });

    test('a period beyond the template\'s maximum (3650 days): "RotationPeriod: must be at most 3650 days"', () => {
      expectSettingError({ RotationPeriod: 3651 }, 'RotationPeriod', /must be at most 3650 days, got 3651/);
    });
  });
});
