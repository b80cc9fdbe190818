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
  const DEFAULTS = { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10, warningDays: [7, 1], inUseWindowDays: 2, inUseKeyAction: 'Deactivate', maxPostponeDays: 20 };

  test('absent values take the defaults R = 90, B = 10, G = 10, WarningDays 7,1, U = 2, Deactivate, P = 20', () => {
    expect(parseLifecycleSettings({})).toEqual(DEFAULTS);
  });

  test('numbers and numeric strings from environment variables are both read; blank strings mean absent; InUseKeyAction in any case', () => {
    expect(
      parseLifecycleSettings({
        RotationPeriod: ' 30 ',
        InactiveBuffer: 8,
        RecoveryGracePeriod: '20.0',
        WarningDays: '',
        InactivePeriod: '38',
        InUseWindow: '3',
        InUseKeyAction: 'deactivate',
        MaxPostponeDays: '',
      }),
    ).toEqual({ ...DEFAULTS, rotationPeriodDays: 30, inactiveBufferDays: 8, recoveryGracePeriodDays: 20, inUseWindowDays: 3 });
    expect(parseLifecycleSettings({ InUseKeyAction: ' POSTPONE ' }).inUseKeyAction).toBe('Postpone');
  });

  test('WarningDays: a comma-separated list, spaces allowed, in any order (kept largest first); one number; a list of numbers; 0 alone turns reminders off', () => {
    expect(parseLifecycleSettings({ WarningDays: ' 1, 7 ,3' }).warningDays).toEqual([7, 3, 1]);
    expect(parseLifecycleSettings({ WarningDays: 5 }).warningDays).toEqual([5]);
    expect(parseLifecycleSettings({ WarningDays: [2, 9] }).warningDays).toEqual([9, 2]);
    expect(parseLifecycleSettings({ WarningDays: '0' }).warningDays).toEqual([]);
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

    test('WarningDays that are not whole numbers, or list 0 beside others, or a value twice, name WarningDays', () => {
      expectSettingError({ WarningDays: '7;1' }, 'WarningDays', /separated by commas, such as 7,1; got "7;1"/);
      expectSettingError({ WarningDays: '3.5' }, 'WarningDays', /whole number of days, got "3\.5"/);
      expectSettingError({ WarningDays: '7,,1' }, 'WarningDays', /separated by commas/);
      expectSettingError({ WarningDays: '7,0' }, 'WarningDays', /0 alone turns reminders off/);
      expectSettingError({ WarningDays: '-1' }, 'WarningDays', /each value must be 1 to 3650 days/);
      expectSettingError({ WarningDays: '7,7' }, 'WarningDays', /lists 7 twice/);
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
      expectSettingError({ [setting]: value, WarningDays: 0 }, setting, /must be at least 1 day, got 0/);
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

    test.each([
      ['InactiveBuffer', { InactiveBuffer: 7 }, 'rotation'],
      ['RecoveryGracePeriod', { RecoveryGracePeriod: 3 }, 'deactivation'],
    ] as const)('a WarningDays value not shorter than %s: both parameters named', (period, raw, step) => {
      expectSettingError(raw, ['WarningDays', period], new RegExp(`WarningDays \\(7,1\\) must all be shorter than ${period} \\(\\d+ days\\): the 7-day reminder would come before the ${step}`));
    });

    test('no milestone against RotationPeriod: nothing reminds before a rotation', () => {
      expect(parseLifecycleSettings({ RotationPeriod: 20, InactiveBuffer: 8, RecoveryGracePeriod: 8, InUseWindow: 1, InactivePeriod: 28 }).warningDays).toEqual([7, 1]);
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
