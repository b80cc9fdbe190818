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

function expectSettingError(raw: RawLifecycleSettings, setting: SettingName | readonly SettingName[], message: RegExp): void {
  const error = settingError(raw);
  const names = typeof setting === 'string' ? [setting] : setting;
  expect(error.name).toBe('InvalidSettingError');
  expect(error.settings).toEqual(names);
  expect(error.setting).toBe(names[0]);
  expect(error.message.startsWith(`${names.join(', ')}: `)).toBe(true);
  expect(error.message).toMatch(message);
}

describe('lifecycle settings', () => {
  const DEFAULTS = { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10, warningLeadDays: 7, inUseWindowDays: 2, inUseKeyAction: 'Deactivate', maxPostponeDays: 20 };

  test('absent values take the defaults R = 90, B = 10, G = 10, W = 7, U = 2, Deactivate, P = 20', () => {
    expect(parseLifecycleSettings({})).toEqual(DEFAULTS);
  });

  test('numbers and numeric strings from environment variables are both read; blank strings mean absent; InUseKeyAction in any case', () => {
    expect(
      parseLifecycleSettings({
        RotationPeriod: ' 30 ',
        InactiveBuffer: 8,
        RecoveryGracePeriod: '20.0',
        WarningLeadTime: '',
        InactivePeriod: '38',
        InUseWindow: '3',
        InUseKeyAction: 'deactivate',
        MaxPostponeDays: '',
      }),
    ).toEqual({ ...DEFAULTS, rotationPeriodDays: 30, inactiveBufferDays: 8, recoveryGracePeriodDays: 20, inUseWindowDays: 3 });
    expect(parseLifecycleSettings({ InUseKeyAction: ' POSTPONE ' }).inUseKeyAction).toBe('Postpone');
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
      ['InUseWindow', 0],
      ['MaxPostponeDays', 0],
    ] as const)('zero period: "%s: must be at least 1 day"', (setting, value) => {
      expectSettingError({ [setting]: value, WarningLeadTime: 0 }, setting, /must be at least 1 day, got 0/);
    });

    test('InUseKeyAction other than Deactivate or Postpone: "InUseKeyAction: must be Deactivate or Postpone"', () => {
      expectSettingError({ InUseKeyAction: 'Ignore' }, 'InUseKeyAction', /must be Deactivate or Postpone, got "Ignore"/);
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
      ['RotationPeriod', { RotationPeriod: 7, InactiveBuffer: 2, RecoveryGracePeriod: 2, InUseWindow: 1, WarningLeadTime: 7 }],
      ['InactiveBuffer', { InactiveBuffer: 5 }],
      ['RecoveryGracePeriod', { RecoveryGracePeriod: 3 }],
    ] as const)('warning lead time not shorter than %s: both parameters named', (period, raw) => {
      expectSettingError(raw, ['WarningLeadTime', period], new RegExp(`WarningLeadTime \\(7 days\\) must be shorter than ${period} \\(\\d+ days\\)`));
    });

    test('InactivePeriod that disagrees with RotationPeriod + InactiveBuffer: the error says the expected value', () => {
      const names = ['InactivePeriod', 'RotationPeriod', 'InactiveBuffer'] as const;
      expectSettingError({ RotationPeriod: 90, InactiveBuffer: 10, InactivePeriod: 95 }, names, /must equal RotationPeriod \+ InactiveBuffer = 90 \+ 10 = 100, got 95/);
      // Changing RotationPeriod alone leaves the classic InactivePeriod default behind: that is exactly the mistake to catch.
      expectSettingError({ RotationPeriod: 60, InactivePeriod: '100' }, names, /= 70, got 100/);
    });

    describe('combinations the engine cannot honour (found by settings-timeline.test.ts), every parameter named', () => {
      test('InactiveBuffer >= RotationPeriod (the issue\'s example: 120 and 90)', () => {
        expectSettingError({ InactiveBuffer: 120, RotationPeriod: 90 }, ['InactiveBuffer', 'RecoveryGracePeriod', 'RotationPeriod'], /\(120 \+ 10 = 130 days\) must be at most RotationPeriod \(90 days\)/);
      });

      test('InactiveBuffer + RecoveryGracePeriod > RotationPeriod: the grace period would be cut short by the next rotation', () => {
        expectSettingError({ RotationPeriod: 30, InactiveBuffer: 20, RecoveryGracePeriod: 11 }, ['InactiveBuffer', 'RecoveryGracePeriod', 'RotationPeriod'], /20 \+ 11 = 31 days/);
        expect(parseLifecycleSettings({ RotationPeriod: 30, InactiveBuffer: 20, RecoveryGracePeriod: 10 }).rotationPeriodDays).toBe(30);
      });

      test('with Postpone, InactiveBuffer + MaxPostponeDays + RecoveryGracePeriod > RotationPeriod', () => {
        expectSettingError(
          { InUseKeyAction: 'Postpone', RotationPeriod: 39 },
          ['MaxPostponeDays', 'InactiveBuffer', 'RecoveryGracePeriod', 'RotationPeriod'],
          /10 \+ 20 \+ 10 = 40 days\) must be at most RotationPeriod \(39 days\) with InUseKeyAction Postpone/,
        );
        // The same values are fine with Deactivate, where MaxPostponeDays plays no part.
        expect(parseLifecycleSettings({ RotationPeriod: 39 }).rotationPeriodDays).toBe(39);
      });

      test('InUseWindow >= InactiveBuffer: a key left on the rotation day would still look in use on its deactivation day', () => {
        expectSettingError({ InUseWindow: 10 }, ['InUseWindow', 'InactiveBuffer'], /InUseWindow \(10 days\) must be shorter than InactiveBuffer \(10 days\)/);
      });

      test('with Postpone, InUseWindow >= MaxPostponeDays', () => {
        expectSettingError({ InUseKeyAction: 'Postpone', InUseWindow: 5, MaxPostponeDays: 5 }, ['InUseWindow', 'MaxPostponeDays'], /with InUseKeyAction Postpone/);
      });
    });

    test('InactivePeriod that is not a whole number: "InactivePeriod: must be a whole number of days"', () => {
      expectSettingError({ InactivePeriod: 'hundred' }, 'InactivePeriod', /whole number of days/);
    });

    test('a period beyond the template\'s maximum (3650 days): "RotationPeriod: must be at most 3650 days"', () => {
      expectSettingError({ RotationPeriod: 3651 }, 'RotationPeriod', /must be at most 3650 days, got 3651/);
    });
  });
});
