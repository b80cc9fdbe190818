import { applyPlan, InvalidPlanInputError, InvalidSettingError } from '../../../functions/core/lifecycle';
import { day, key, plan, summary } from './fixtures';

// Default settings throughout: R = 90, B = 10, G = 10, W = 7 (DESIGN.md section 4).

describe('lifecycle table, one test per row (DESIGN.md section 4)', () => {
  test('row 1 "newest key active, age >= R": ROTATE at exactly R days, keeping the old key active', () => {
    const keys = [key('K1', 'Active', 0, 89)];
    const result = plan(keys, day(90));
    expect(summary(result.actions)).toEqual(['ROTATE K1 ROTATION_DUE INFO due 90']);
    expect(applyPlan(keys, result, day(90), 'K2')).toEqual([key('K1', 'Active', 0, 89), { ...key('K2', 'Active', 90), lastUsedAt: undefined }]);
    // One millisecond earlier it is still only announced.
    expect(summary(plan(keys, day(90, -1)).actions)).toEqual(['WARN(ROTATE) K1 ROTATION_UPCOMING INFO due 90']);
  });

  test('row 2 "newest key active, age >= R - W": WARN with the rotation date, from exactly R - W days', () => {
    const keys = [key('K1', 'Active', 0, 80)];
    const warning = plan(keys, day(83)).actions;
    expect(summary(warning)).toEqual(['WARN(ROTATE) K1 ROTATION_UPCOMING INFO due 90']);
    expect(warning[0]?.announces).toBe('ROTATE');
    expect(plan(keys, day(83, -1)).actions).toEqual([]);
  });

  test('row 3 "older key active, replaced >= B days ago": DEACTIVATE it, counted from the newer key\'s creation', () => {
    const keys = [key('K1', 'Active', 0, 99), key('K2', 'Active', 90, 99)];
    expect(summary(plan(keys, day(100)).actions)).toEqual(['DEACTIVATE K1 DEACTIVATION_DUE INFO due 100']);
    expect(summary(plan(keys, day(100, -1)).actions)).toEqual(['WARN(DEACTIVATE) K1 DEACTIVATION_UPCOMING INFO due 100']);
  });

  test('row 4 "older key active, replaced >= B - W days ago": WARN with the deactivation date', () => {
    const keys = [key('K1', 'Active', 0, 92), key('K2', 'Active', 90, 92)];
    expect(summary(plan(keys, day(93)).actions)).toEqual(['WARN(DEACTIVATE) K1 DEACTIVATION_UPCOMING INFO due 100']);
    expect(plan(keys, day(93, -1)).actions).toEqual([]);
  });

  test('row 5 "older key inactive, replaced >= B + G days ago": DELETE it', () => {
    const keys = [key('K1', 'Inactive', 0, 99), key('K2', 'Active', 90, 109)];
    expect(summary(plan(keys, day(110)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due 110']);
    expect(summary(plan(keys, day(110, -1)).actions)).toEqual(['WARN(DELETE) K1 DELETION_UPCOMING INFO due 110']);
  });

  test('row 5, deactivated late: an inactive key keeps G days from its known deactivation date (deactivatedAt)', () => {
    const late = { ...key('K1', 'Inactive', 0, 60), deactivatedAt: day(150) };
    const keys = [late, key('K2', 'Active', 90, 155)];
    expect(summary(plan(keys, day(155)).actions)).toEqual(['WARN(DELETE) K1 DELETION_UPCOMING INFO due 160']);
    expect(summary(plan(keys, day(160)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due 160']);
  });

  test('row 5, deactivation date unknown: a key in use until it was switched off keeps G days from its last use', () => {
    const keys = [key('K1', 'Inactive', 0, 150), key('K2', 'Active', 90, 155)];
    expect(summary(plan(keys, day(160, -1)).actions)).toEqual(['WARN(DELETE) K1 DELETION_UPCOMING INFO due 160']);
    expect(summary(plan(keys, day(160)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due 160']);
  });

  test('row 6 "older key inactive, replaced >= B + G - W days ago": WARN with the deletion date', () => {
    const keys = [key('K1', 'Inactive', 0, 99), key('K2', 'Active', 90, 102)];
    expect(summary(plan(keys, day(103)).actions)).toEqual(['WARN(DELETE) K1 DELETION_UPCOMING INFO due 110']);
    expect(plan(keys, day(103, -1)).actions).toEqual([]);
  });

  describe('row 7 "newest key due, but the user already has two keys": make room first', () => {
    test('the older key is inactive: DELETE it (MAKE_ROOM_INACTIVE, WARNING), then ROTATE', () => {
      // B + G = 300 days, so the inactive key is still inside its grace period when the newer key is due.
      const settings = { rotationPeriodDays: 90, inactiveBufferDays: 150, recoveryGracePeriodDays: 150, warningLeadDays: 7 };
      const keys = [key('K1', 'Inactive', 0, 10), key('K2', 'Active', 20, 109)];
      expect(summary(plan(keys, day(110), { settings }).actions)).toEqual([
        'DELETE K1 MAKE_ROOM_INACTIVE WARNING due 110',
        'ROTATE K2 ROTATION_DUE INFO due 110',
      ]);
    });

    test('an inactive key already past its own deletion date goes as DELETION_DUE (INFO), still before the ROTATE', () => {
      // First deployment: nothing ran for a year, so the inactive key is long overdue.
      const keys = [key('K1', 'Inactive', -400, -300), key('K2', 'Active', -200, -1)];
      expect(summary(plan(keys, day(0)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due -180', 'ROTATE K2 ROTATION_DUE INFO due -110']);
    });

    test('both active and both used: DELETE the one last used longest ago (CRITICAL), then ROTATE the other', () => {
      // The newer key was last used before the older one: applications went back to the old key.
      const keys = [key('K1', 'Active', 0, 199), key('K2', 'Active', 100, 150)];
      expect(summary(plan(keys, day(200)).actions)).toEqual([
        'DELETE K2 MAKE_ROOM_LEAST_RECENTLY_USED CRITICAL due 190',
        'ROTATE K1 ROTATION_DUE INFO due 190',
      ]);
    });

    test('both active, the newer one never used: the never-used key is deleted before a used one, and the used key is rotated', () => {
      const keys = [key('K1', 'Active', 0, 199), key('K2', 'Active', 100)];
      expect(summary(plan(keys, day(200)).actions)).toEqual([
        'DELETE K2 MAKE_ROOM_LEAST_RECENTLY_USED CRITICAL due 190',
        'ROTATE K1 ROTATION_DUE INFO due 190',
      ]);
    });

    test('both active, the older one never used: it is deleted, the used newer key is rotated', () => {
      const keys = [key('K1', 'Active', 0), key('K2', 'Active', 100, 199)];
      expect(summary(plan(keys, day(200)).actions)).toEqual([
        'DELETE K1 MAKE_ROOM_LEAST_RECENTLY_USED CRITICAL due 190',
        'ROTATE K2 ROTATION_DUE INFO due 190',
      ]);
    });

    test('both active and never used: the older is deleted; the newer is rotated and, never used either, deleted after its rotation', () => {
      const keys = [key('K1', 'Active', 0), key('K2', 'Active', 100)];
      const result = plan(keys, day(200));
      expect(summary(result.actions)).toEqual([
        'DELETE K1 MAKE_ROOM_LEAST_RECENTLY_USED CRITICAL due 190',
        'ROTATE K2 ROTATION_DUE INFO due 190',
        'DELETE K2 NEVER_USED INFO due 190',
      ]);
      expect(applyPlan(keys, result, day(200), 'K3').map((k) => `${k.id} ${k.status}`)).toEqual(['K3 Active']);
    });

    test('both active and last used at the same instant: the older by creation is deleted', () => {
      const keys = [key('K1', 'Active', 0, 150), key('K2', 'Active', 100, 150)];
      expect(summary(plan(keys, day(200)).actions)[0]).toBe('DELETE K1 MAKE_ROOM_LEAST_RECENTLY_USED CRITICAL due 190');
    });
  });

  describe('row 8 "key never used and older than R": rotate, then delete the unused key', () => {
    test('a lone never-used key at R days: ROTATE then DELETE (NEVER_USED) in the same plan', () => {
      const keys = [key('K1', 'Active', 0)];
      const result = plan(keys, day(90));
      expect(summary(result.actions)).toEqual(['ROTATE K1 ROTATION_DUE INFO due 90', 'DELETE K1 NEVER_USED INFO due 90']);
      expect(applyPlan(keys, result, day(90), 'K2').map((k) => `${k.id} ${k.status}`)).toEqual(['K2 Active']);
    });

    test('a never-used key younger than R is only warned about, like any other', () => {
      expect(summary(plan([key('K1', 'Active', 0)], day(89)).actions)).toEqual(['WARN(ROTATE) K1 ROTATION_UPCOMING INFO due 90']);
    });

    test('a never-used replaced key that is already in its buffer is retired on the normal schedule, not deleted early', () => {
      // The old key was replaced on day 90 and has been used by nobody; it is not the current key, so row 8 does not apply.
      const keys = [key('K1', 'Active', 0), key('K2', 'Active', 90, 95)];
      expect(summary(plan(keys, day(100)).actions)).toEqual(['DEACTIVATE K1 DEACTIVATION_DUE INFO due 100']);
    });
  });

  describe('row 9 "only key inactive": delete after B + G days from its creation, warn before', () => {
    test('a lone inactive key is deleted at exactly B + G days (LONE_INACTIVE_EXPIRED) and warned about from B + G - W', () => {
      const keys = [key('K1', 'Inactive', 0, 5)];
      expect(summary(plan(keys, day(20)).actions)).toEqual(['DELETE K1 LONE_INACTIVE_EXPIRED INFO due 20']);
      expect(summary(plan(keys, day(13)).actions)).toEqual(['WARN(DELETE) K1 DELETION_UPCOMING INFO due 20']);
      expect(plan(keys, day(13, -1)).actions).toEqual([]);
    });

    test('two inactive keys are both deleted B + G days after the newer one was created, oldest first', () => {
      const keys = [key('K2', 'Inactive', 50), key('K1', 'Inactive', 0, 40)];
      expect(summary(plan(keys, day(70)).actions)).toEqual([
        'DELETE K1 LONE_INACTIVE_EXPIRED INFO due 70',
        'DELETE K2 LONE_INACTIVE_EXPIRED INFO due 70',
      ]);
      expect(summary(plan(keys, day(63)).actions)).toEqual([
        'WARN(DELETE) K1 DELETION_UPCOMING INFO due 70',
        'WARN(DELETE) K2 DELETION_UPCOMING INFO due 70',
      ]);
    });
  });

  describe('row 10 "user exempt": nothing', () => {
    test('an exempt user with every kind of action due gets an empty plan', () => {
      expect(plan([key('K1', 'Active', -500), key('K2', 'Active', -400)], day(0), { exempt: true }).actions).toEqual([]);
      expect(plan([key('K1', 'Inactive', -500)], day(0), { exempt: true }).actions).toEqual([]);
      expect(plan([key('K1', 'Active', 0, 1)], day(85), { exempt: true }).actions).toEqual([]);
    });

    test('exemption wins over a forced rotation', () => {
      expect(plan([key('K1', 'Active', 0, 1)], day(30), { exempt: true, forceRotate: true }).actions).toEqual([]);
    });
  });
});

describe('forced rotation', () => {
  test('a young key is rotated now (FORCED_ROTATION, due now), whatever its age', () => {
    expect(summary(plan([key('K1', 'Active', 0, 29)], day(30, 5), { forceRotate: true }).actions)).toEqual([
      'ROTATE K1 FORCED_ROTATION INFO due 30+5ms',
    ]);
  });

  test('a key that is due anyway is reported as ROTATION_DUE: the schedule explains it', () => {
    expect(summary(plan([key('K1', 'Active', 0, 99)], day(100), { forceRotate: true }).actions)).toEqual(['ROTATE K1 ROTATION_DUE INFO due 90']);
  });

  test('a forced young never-used key is rotated but not deleted: its owner may be about to deploy it', () => {
    expect(summary(plan([key('K1', 'Active', 0)], day(30), { forceRotate: true }).actions)).toEqual(['ROTATE K1 FORCED_ROTATION INFO due 30']);
  });

  test('the same make-room logic applies: an inactive second key is deleted first (MAKE_ROOM_INACTIVE)', () => {
    const keys = [key('K1', 'Inactive', 0, 50), key('K2', 'Active', 60, 64)];
    expect(summary(plan(keys, day(65), { forceRotate: true }).actions)).toEqual([
      'DELETE K1 MAKE_ROOM_INACTIVE WARNING due 65',
      'ROTATE K2 FORCED_ROTATION INFO due 65',
    ]);
  });

  test('the same make-room logic applies: with two active keys the least recently used is deleted (CRITICAL)', () => {
    const keys = [key('K1', 'Active', 0, 61), key('K2', 'Active', 60, 64)];
    expect(summary(plan(keys, day(65), { forceRotate: true }).actions)).toEqual([
      'DELETE K1 MAKE_ROOM_LEAST_RECENTLY_USED CRITICAL due 65',
      'ROTATE K2 FORCED_ROTATION INFO due 65',
    ]);
  });

  test('no effect when there is no active key', () => {
    expect(plan([key('K1', 'Inactive', 0, 1)], day(5), { forceRotate: true }).actions).toEqual([]);
    expect(plan([], day(5), { forceRotate: true }).actions).toEqual([]);
  });

  test('no effect on a key created less than one day ago: a repeated request must not rotate again', () => {
    const keys = [key('K1', 'Active', 0, 29), key('K2', 'Active', 30)];
    expect(plan(keys, day(31, -1), { forceRotate: true }).actions).toEqual([]);
    expect(plan([key('K1', 'Active', 30)], day(30), { forceRotate: true }).actions).toEqual([]);
    // From exactly one day it is rotated.
    expect(summary(plan([key('K1', 'Active', 30)], day(31), { forceRotate: true }).actions)).toEqual(['ROTATE K1 FORCED_ROTATION INFO due 31']);
  });
});

describe('cases the table leaves open', () => {
  test('no keys: nothing to do', () => {
    expect(plan([], day(1000)).actions).toEqual([]);
  });

  test('the newer key inactive, the older active (a rolled-back rotation): the active key is current and is rotated again, the disabled key making room', () => {
    // Someone disabled the new key and went back to the old one. Deactivating the old key would leave no
    // active key, so the old key is treated as current: still due, it is rotated (it keeps working for B more
    // days), and the disabled key, which nothing can be using, is deleted to make room.
    const keys = [key('K1', 'Active', 0, 94), key('K2', 'Inactive', 90)];
    expect(summary(plan(keys, day(95)).actions)).toEqual(['DELETE K2 MAKE_ROOM_INACTIVE WARNING due 90', 'ROTATE K1 ROTATION_DUE INFO due 90']);
  });

  test('an active key with an inactive newer key, not yet due for rotation: the inactive key is deleted B + G after its own creation', () => {
    const keys = [key('K1', 'Active', 0, 19), key('K2', 'Inactive', 5)];
    expect(summary(plan(keys, day(25)).actions)).toEqual(['DELETE K2 DELETION_DUE INFO due 25']);
  });

  test('a warning and an action on different keys in the same plan: the action first, then the warning', () => {
    // The older key is deactivated today while the newer key's rotation is already announced (B larger than R - W).
    const settings = { rotationPeriodDays: 20, inactiveBufferDays: 15, recoveryGracePeriodDays: 10, warningLeadDays: 7 };
    const keys = [key('K1', 'Active', 0, 14), key('K2', 'Active', 1, 15)];
    expect(summary(plan(keys, day(16), { settings }).actions)).toEqual([
      'DEACTIVATE K1 DEACTIVATION_DUE INFO due 16',
      'WARN(ROTATE) K2 ROTATION_UPCOMING INFO due 21',
    ]);
  });

  test('with a warning lead time of 0 there are no warnings, only actions on their day', () => {
    const settings = { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10, warningLeadDays: 0 };
    expect(plan([key('K1', 'Active', 0, 80)], day(90, -1), { settings }).actions).toEqual([]);
    expect(summary(plan([key('K1', 'Active', 0, 80)], day(90), { settings }).actions)).toEqual(['ROTATE K1 ROTATION_DUE INFO due 90']);
  });

  test('the order IAM lists the keys in does not matter, even for keys created in the same second', () => {
    const a = key('AKIAAAAA', 'Active', 0, 95);
    const b = key('AKIABBBB', 'Active', 0, 95);
    expect(plan([a, b], day(95)).actions).toEqual(plan([b, a], day(95)).actions);
    expect(summary(plan([b, a], day(95)).actions)).toEqual([
      'DELETE AKIAAAAA MAKE_ROOM_LEAST_RECENTLY_USED CRITICAL due 90',
      'ROTATE AKIABBBB ROTATION_DUE INFO due 90',
    ]);
  });
});

describe('input the engine refuses', () => {
  test('more than two keys: InvalidPlanInputError', () => {
    expect(() => plan([key('K1', 'Active', 0), key('K2', 'Active', 1), key('K3', 'Active', 2)], day(3))).toThrow(InvalidPlanInputError);
  });

  test('the same key id twice: InvalidPlanInputError', () => {
    expect(() => plan([key('K1', 'Active', 0), key('K1', 'Inactive', 1)], day(3))).toThrow(/K1 is given twice/);
  });

  test('an invalid date: InvalidPlanInputError', () => {
    expect(() => plan([{ id: 'K1', status: 'Active', createdAt: new Date(Number.NaN) }], day(3))).toThrow(InvalidPlanInputError);
    expect(() => plan([], new Date('not a date'))).toThrow(InvalidPlanInputError);
  });

  test('settings that parseLifecycleSettings would refuse: InvalidSettingError', () => {
    const settings = { rotationPeriodDays: 90, inactiveBufferDays: 0, recoveryGracePeriodDays: 10, warningLeadDays: 7 };
    expect(() => plan([], day(0), { settings })).toThrow(InvalidSettingError);
  });
});
