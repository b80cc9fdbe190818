import { applyPlan, InvalidPlanInputError, InvalidSettingError } from '../../../functions/core/lifecycle';
import type { AccessKeyState } from '../../../functions/core/lifecycle';
import { day, key, plan, POSTPONE, settingsWith, summary } from './fixtures';

// Default settings unless a test says otherwise: R = 90, B = 10, G = 10, WarningDays 7,1, U = 2,
// InUseKeyAction = Deactivate, P = 20 (docs/design.md#4-key-lifecycle).

/** A key last used `hoursAgo` before `at`, by S3 in eu-west-1. */
function usedAt(k: AccessKeyState, at: Date, hoursAgo: number): AccessKeyState {
  return { ...k, lastUsedAt: new Date(at.getTime() - hoursAgo * 3_600_000), lastUsedService: 's3', lastUsedRegion: 'eu-west-1' };
}

describe('lifecycle table, one test per row (docs/design.md#4-key-lifecycle)', () => {
  describe('"newest key active, age >= R (or the user\'s shorter IAMKeyRotationPeriod)": ROTATE, the old key keeps working', () => {
    test('ROTATE at exactly R days, keeping the old key active; no reminder before (the old key keeps working)', () => {
      const keys = [key('K1', 'Active', 0, 89)];
      const result = plan(keys, day(90));
      expect(summary(result.actions)).toEqual(['ROTATE K1 ROTATION_DUE INFO due 90']);
      expect(applyPlan(keys, result, day(90), 'K2')).toEqual([key('K1', 'Active', 0, 89), { ...key('K2', 'Active', 90), lastUsedAt: undefined }]);
      expect(plan(keys, day(90, -1)).actions).toEqual([]);
      expect(plan(keys, day(83)).actions).toEqual([]);
    });

    test('a user tagged IAMKeyRotationPeriod=30 is rotated at 30 days', () => {
      const keys = [key('K1', 'Active', 0, 29)];
      expect(summary(plan(keys, day(30), { tags: { period: '30' } }).actions)).toEqual(['ROTATE K1 ROTATION_DUE INFO due 30']);
      expect(plan(keys, day(30, -1), { tags: { period: ' 30 ' } }).actions).toEqual([]);
    });

    test('a longer, unreadable or unkeepable period tag is ignored: RotationPeriod applies', () => {
      const keys = [key('K1', 'Active', 0, 29)];
      for (const period of ['120', 'thirty', '0', '30.5', '-30', '15']) {
        // 15 < B + G = 20: the old key could not be gone before the new one is due.
        expect({ period, actions: plan(keys, day(30), { tags: { period } }).actions }).toEqual({ period, actions: [] });
      }
    });
  });

  describe('"old key active, replaced >= B days ago, not in use, or InUseKeyAction=Deactivate": DEACTIVATE (CRITICAL when in use)', () => {
    test('not in use: DEACTIVATE at exactly B days after the newer key\'s creation (INFO), reminded at 7 days (from day 93) and 1 day (day 99)', () => {
      const keys = [key('K1', 'Active', 0, 90), key('K2', 'Active', 90, 99)];
      expect(summary(plan(keys, day(100)).actions)).toEqual(['DEACTIVATE K1 DEACTIVATION_DUE INFO due 100']);
      expect(summary(plan(keys, day(100, -1)).actions)).toEqual(['WARN(DEACTIVATE)@1 K1 DEACTIVATION_UPCOMING INFO due 100']);
      expect(summary(plan(keys, day(98, 1)).actions)).toEqual(['WARN(DEACTIVATE)@7 K1 DEACTIVATION_UPCOMING INFO due 100']);
      expect(summary(plan(keys, day(93)).actions)).toEqual(['WARN(DEACTIVATE)@7 K1 DEACTIVATION_UPCOMING INFO due 100']);
      expect(plan(keys, day(93, -1)).actions).toEqual([]);
    });

    test('in use (last used less than U days ago) with Deactivate: the date holds, CRITICAL, naming when, where and by which service', () => {
      const now = day(100);
      const old = usedAt(key('K1', 'Active', 0), now, 47);
      const [action] = plan([old, key('K2', 'Active', 90, 99)], now).actions;
      expect(summary(action ? [action] : [])).toEqual(['DEACTIVATE K1 DEACTIVATION_DUE CRITICAL due 100']);
      expect(action?.inUse).toBe(true);
      expect(action?.lastUse).toEqual({ at: old.lastUsedAt, service: 's3', region: 'eu-west-1' });
    });

    test('exactly U days since the last use is not in use: INFO, and the last use is still named', () => {
      const now = day(100);
      const [action] = plan([usedAt(key('K1', 'Active', 0), now, 48), key('K2', 'Active', 90, 99)], now).actions;
      expect(action?.severity).toBe('INFO');
      expect(action?.inUse).toBe(false);
      expect(action?.lastUse?.service).toBe('s3');
    });

    test('the warning before a deactivation says whether the key is in use and where it was last used', () => {
      const now = day(95);
      const [warning] = plan([usedAt(key('K1', 'Active', 0), now, 1), key('K2', 'Active', 90, 94)], now).actions;
      expect(warning).toMatchObject({ type: 'WARN', announces: 'DEACTIVATE', inUse: true, lastUse: { service: 's3', region: 'eu-west-1' } });
    });
  });

  describe('"old key active, replaced >= B days ago, in use, Postpone, replaced < B + P days ago": POSTPONE', () => {
    test('no change; CRITICAL the day it starts, WARNING on later days, with the date it is deactivated at the latest', () => {
      const keys = (now: Date) => [usedAt(key('K1', 'Active', 0), now, 5), key('K2', 'Active', 90, 99)];
      expect(summary(plan(keys(day(100)), day(100), { settings: POSTPONE }).actions)).toEqual(['POSTPONE K1 KEY_IN_USE CRITICAL due 100 until 120']);
      expect(summary(plan(keys(day(101)), day(101), { settings: POSTPONE }).actions)).toEqual(['POSTPONE K1 KEY_IN_USE WARNING due 100 until 120']);
      expect(summary(plan(keys(day(120, -1)), day(120, -1), { settings: POSTPONE }).actions)).toEqual(['POSTPONE K1 KEY_IN_USE WARNING due 100 until 120']);
      expect(applyPlan(keys(day(100)), plan(keys(day(100)), day(100), { settings: POSTPONE }), day(100), 'X')).toEqual(keys(day(100)));
    });

    test('once no longer in use (U days without a use), it is deactivated at the next run, INFO', () => {
      const now = day(105);
      expect(summary(plan([usedAt(key('K1', 'Active', 0), now, 48), key('K2', 'Active', 90, 104)], now, { settings: POSTPONE }).actions)).toEqual([
        'DEACTIVATE K1 DEACTIVATION_DUE INFO due 100',
      ]);
    });

    test('a key not in use on its date is not postponed at all', () => {
      const now = day(100);
      expect(summary(plan([usedAt(key('K1', 'Active', 0), now, 72), key('K2', 'Active', 90, 99)], now, { settings: POSTPONE }).actions)).toEqual([
        'DEACTIVATE K1 DEACTIVATION_DUE INFO due 100',
      ]);
    });
  });

  test('"old key active, replaced >= B + P days ago": DEACTIVATE, CRITICAL when still in use', () => {
    const now = day(120);
    expect(summary(plan([usedAt(key('K1', 'Active', 0), now, 1), key('K2', 'Active', 90, 119)], now, { settings: POSTPONE }).actions)).toEqual([
      'DEACTIVATE K1 POSTPONEMENT_ENDED CRITICAL due 120',
    ]);
  });

  describe('"old key inactive for >= G days (since we deactivated it; a key found inactive counts from rotation + B)": DELETE', () => {
    test('deactivated by this tool on day 100 (its record): deleted on day 110, reminded from 103 at the largest milestone only', () => {
      const keys = [{ ...key('K1', 'Inactive', 0, 99), deactivatedAt: day(100) }, key('K2', 'Active', 90, 109)];
      expect(summary(plan(keys, day(110)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due 110']);
      expect(summary(plan(keys, day(110, -1)).actions)).toEqual(['WARN(DELETE)@7 K1 DELETION_UPCOMING INFO due 110']);
      expect(summary(plan(keys, day(103)).actions)).toEqual(['WARN(DELETE)@7 K1 DELETION_UPCOMING INFO due 110']);
      expect(plan(keys, day(103, -1)).actions).toEqual([]);
    });

    test('deactivated late (first deployment, an outage, a postponement): G days from the recorded deactivation', () => {
      const keys = [{ ...key('K1', 'Inactive', 0, 60), deactivatedAt: day(150) }, key('K2', 'Active', 90, 155)];
      expect(summary(plan(keys, day(155)).actions)).toEqual(['WARN(DELETE)@7 K1 DELETION_UPCOMING INFO due 160']);
      expect(summary(plan(keys, day(160)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due 160']);
    });

    test('found inactive (no record): B + G days after the rotation, and never less than G days after its last use', () => {
      expect(summary(plan([key('K1', 'Inactive', 0, 60), key('K2', 'Active', 90, 109)], day(110)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due 110']);
      const usedLate = [key('K1', 'Inactive', 0, 150), key('K2', 'Active', 90, 155)];
      expect(summary(plan(usedLate, day(160, -1)).actions)).toEqual(['WARN(DELETE)@7 K1 DELETION_UPCOMING INFO due 160']);
      expect(summary(plan(usedLate, day(160)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due 160']);
    });
  });

  describe('"replaced key never used": DEACTIVATE it at rotation (not delete), DELETE G days later', () => {
    test('a lone never-used key at R days: ROTATE, then DEACTIVATE (NEVER_USED) in the same run; deleted on R + G', () => {
      const keys = [key('K1', 'Active', 0)];
      const result = plan(keys, day(90));
      expect(summary(result.actions)).toEqual(['ROTATE K1 ROTATION_DUE INFO due 90', 'DEACTIVATE K1 NEVER_USED INFO due 90']);
      const after = applyPlan(keys, result, day(90), 'K2');
      expect(after.map((k) => `${k.id} ${k.status}`)).toEqual(['K1 Inactive', 'K2 Active']);
      expect(summary(plan(after, day(99)).actions)).toEqual(['WARN(DELETE)@7 K1 DELETION_UPCOMING INFO due 100']);
      expect(summary(plan(after, day(100)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due 100']);
    });

    test('a forced rotation does not switch off a young key that was never used: its owner may be about to deploy it', () => {
      expect(summary(plan([key('K1', 'Active', 0)], day(30), { forceRotate: true }).actions)).toEqual(['ROTATE K1 FORCED_ROTATION INFO due 30']);
    });
  });

  describe('"rotation due, other key inactive": DELETE the inactive key first (WARNING if inside its grace), then ROTATE', () => {
    test('inside its grace: MAKE_ROOM_INACTIVE, WARNING, before the ROTATE', () => {
      // A per-user period short enough that the inactive key, found inactive (no record), is still in its grace period.
      const keys = [key('K1', 'Inactive', 0, 45), key('K2', 'Active', 20, 49)];
      expect(summary(plan(keys, day(50), { tags: { period: '30' } }).actions)).toEqual([
        'DELETE K1 MAKE_ROOM_INACTIVE WARNING due 50',
        'ROTATE K2 ROTATION_DUE INFO due 50',
      ]);
    });

    test('past its own deletion date it goes as DELETION_DUE (INFO), still before the ROTATE', () => {
      const keys = [key('K1', 'Inactive', -400, -300), key('K2', 'Active', -200, -1)];
      expect(summary(plan(keys, day(0)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due -180', 'ROTATE K2 ROTATION_DUE INFO due -110']);
    });

    test('a key this tool deactivated today is not deleted until the next day\'s run', () => {
      const keys = [{ ...key('K1', 'Inactive', 0, 60), deactivatedAt: day(200, 21_600_000) }, key('K2', 'Active', 100, 199)];
      expect(plan(keys, day(200, 43_200_000)).actions).toEqual([]);
      expect(summary(plan(keys, day(201)).actions)).toEqual(['DELETE K1 MAKE_ROOM_INACTIVE WARNING due 190', 'ROTATE K2 ROTATION_DUE INFO due 190']);
    });
  });

  describe('"rotation due, both keys active": DEACTIVATE the least recently used; at the next run a day later DELETE it and ROTATE', () => {
    test('the key last used longest ago is deactivated (CRITICAL when in use), marked as making room; the next day it is deleted and the other rotated', () => {
      const now = day(200);
      // The newer key was last used before the older one: applications went back to the old key.
      const keys = [usedAt(key('K1', 'Active', 0), now, 1), usedAt(key('K2', 'Active', 100), now, 30 * 24)];
      const first = plan(keys, now);
      expect(summary(first.actions)).toEqual(['DEACTIVATE K2 MAKE_ROOM_LEAST_RECENTLY_USED INFO due 190']);
      expect(first.actions[0]?.madeRoomFor).toBe('ROTATION');
      const afterFirst = applyPlan(keys, first, now, 'K3');
      expect(plan(afterFirst, day(200, 3_600_000)).actions).toEqual([]);
      const next = plan(afterFirst, day(201));
      expect(summary(next.actions)).toEqual(['DELETE K2 MAKE_ROOM_INACTIVE WARNING due 90', 'ROTATE K1 ROTATION_DUE INFO due 90']);
      expect(applyPlan(afterFirst, next, day(201), 'K3').map((k) => `${k.id} ${k.status}`)).toEqual(['K1 Active', 'K3 Active']);
    });

    test('a never-used key goes before a used one; of two never-used keys the older', () => {
      expect(summary(plan([key('K1', 'Active', 0, 199), key('K2', 'Active', 100)], day(200)).actions)).toEqual([
        'DEACTIVATE K2 MAKE_ROOM_LEAST_RECENTLY_USED INFO due 190',
      ]);
      expect(summary(plan([key('K1', 'Active', 0), key('K2', 'Active', 100)], day(200)).actions)).toEqual([
        'DEACTIVATE K1 MAKE_ROOM_LEAST_RECENTLY_USED INFO due 110',
      ]);
    });

    test('the key to deactivate is in use: CRITICAL with Deactivate; postponed (same in-use rule) with Postpone', () => {
      const now = day(200);
      const both = [usedAt(key('K1', 'Active', 0), now, 3), usedAt(key('K2', 'Active', 100), now, 1)];
      expect(summary(plan(both, now).actions)).toEqual(['DEACTIVATE K1 MAKE_ROOM_LEAST_RECENTLY_USED CRITICAL due 110']);
      const postponing = settingsWith({ inUseKeyAction: 'Postpone', inUseWindowDays: 5 });
      // The current key K2 is the least recently used here; it counts from when its rotation fell due (day 190).
      const current = (at: Date) => [usedAt(key('K1', 'Active', 0), at, 1), usedAt(key('K2', 'Active', 100), at, 3)];
      expect(summary(plan(current(now), now, { settings: postponing }).actions)).toEqual(['POSTPONE K2 KEY_IN_USE WARNING due 190 until 210']);
      expect(summary(plan(current(day(210)), day(210), { settings: postponing }).actions)).toEqual(['DEACTIVATE K2 MAKE_ROOM_LEAST_RECENTLY_USED CRITICAL due 190']);
    });
  });

  describe('"only key inactive": DELETE after B + G days from its creation', () => {
    test('a lone inactive key is deleted at exactly B + G days (LONE_INACTIVE_EXPIRED) and reminded from B + G - 7', () => {
      const keys = [key('K1', 'Inactive', 0, 5)];
      expect(summary(plan(keys, day(20)).actions)).toEqual(['DELETE K1 LONE_INACTIVE_EXPIRED INFO due 20']);
      expect(summary(plan(keys, day(13)).actions)).toEqual(['WARN(DELETE)@7 K1 DELETION_UPCOMING INFO due 20']);
      expect(plan(keys, day(13, -1)).actions).toEqual([]);
    });

    test('two inactive keys are both deleted B + G days after the newer one was created, oldest first', () => {
      const keys = [key('K2', 'Inactive', 50), key('K1', 'Inactive', 0, 40)];
      expect(summary(plan(keys, day(70)).actions)).toEqual(['DELETE K1 LONE_INACTIVE_EXPIRED INFO due 70', 'DELETE K2 LONE_INACTIVE_EXPIRED INFO due 70']);
    });
  });

  test('"user exempt": nothing, whatever is due, a forced rotation included', () => {
    expect(plan([key('K1', 'Active', -500), key('K2', 'Active', -400)], day(0), { exempt: true }).actions).toEqual([]);
    expect(plan([key('K1', 'Inactive', -500)], day(0), { exempt: true }).actions).toEqual([]);
    expect(plan([key('K1', 'Active', 0, 1)], day(30), { exempt: true, forceRotate: true }).actions).toEqual([]);
  });

  describe('"user on hold (IAMKeyRotationHold, an ISO date not yet past)": nothing, and the plan says until when', () => {
    test('held through the whole UTC day a date-only value names; from the next day the lifecycle goes on', () => {
      const keys = [key('K1', 'Active', -500, -1)];
      const held = plan(keys, day(0, 86_399_999), { tags: { hold: '2025-01-01' } });
      expect(held.actions).toEqual([]);
      expect(held.heldUntil).toEqual(day(1));
      expect(summary(plan(keys, day(1), { tags: { hold: '2025-01-01' } }).actions)).toEqual(['ROTATE K1 ROTATION_DUE INFO due -410']);
    });

    test('a date and time holds until that instant; a forced rotation waits for it too; an unreadable value holds nothing', () => {
      const keys = [key('K1', 'Active', 0, 29)];
      expect(plan(keys, day(30), { forceRotate: true, tags: { hold: '2025-01-31T12:00:00Z' } }).actions).toEqual([]);
      expect(summary(plan(keys, day(30, 43_200_000), { forceRotate: true, tags: { hold: '2025-01-31T12:00:00Z' } }).actions)).toEqual([
        'ROTATE K1 FORCED_ROTATION INFO due 30+43200000ms',
      ]);
      expect(plan(keys, day(95), { tags: { hold: 'next week' } }).heldUntil).toBeUndefined();
    });
  });
});

describe('forced rotation (operator event ForceRotate)', () => {
  test('a young key is rotated now (FORCED_ROTATION, due now), whatever its age', () => {
    expect(summary(plan([key('K1', 'Active', 0, 29)], day(30, 5), { forceRotate: true }).actions)).toEqual(['ROTATE K1 FORCED_ROTATION INFO due 30+5ms']);
  });

  test('a key that is due anyway is reported as ROTATION_DUE: the schedule explains it', () => {
    expect(summary(plan([key('K1', 'Active', 0, 99)], day(100), { forceRotate: true }).actions)).toEqual(['ROTATE K1 ROTATION_DUE INFO due 90']);
  });

  test('DeactivateOld: the replaced key is deactivated in the same run, after the ROTATE (CRITICAL when in use), and deleted G days later', () => {
    const now = day(30);
    const keys = [usedAt(key('K1', 'Active', 0), now, 1)];
    const result = plan(keys, now, { forceRotate: true, deactivateOld: true });
    expect(summary(result.actions)).toEqual(['ROTATE K1 FORCED_ROTATION INFO due 30', 'DEACTIVATE K1 DEACTIVATE_OLD_REQUESTED CRITICAL due 30']);
    const after = applyPlan(keys, result, now, 'K2');
    expect(summary(plan(after, day(40)).actions)).toEqual(['DELETE K1 DELETION_DUE INFO due 40']);
  });

  test('redelivered: a key younger than a day is not rotated again; with DeactivateOld the old key is still retired (a first attempt that failed)', () => {
    const keys = [key('K1', 'Active', 0, 29), key('K2', 'Active', 30)];
    expect(plan(keys, day(31, -1), { forceRotate: true }).actions).toEqual([]);
    expect(summary(plan(keys, day(31, -1), { forceRotate: true, deactivateOld: true }).actions)).toEqual([
      'DEACTIVATE K1 DEACTIVATE_OLD_REQUESTED CRITICAL due 30+86399999ms',
    ]);
    expect(summary(plan([key('K1', 'Active', 30)], day(31), { forceRotate: true }).actions)).toEqual(['ROTATE K1 FORCED_ROTATION INFO due 31']);
  });

  test('an inactive second key is deleted first (MAKE_ROOM_INACTIVE), even one retired on schedule today: it is an emergency', () => {
    const keys = [{ ...key('K1', 'Inactive', 0, 50), deactivatedAt: day(65, -3_600_000) }, key('K2', 'Active', 55, 64)];
    expect(summary(plan(keys, day(65), { forceRotate: true }).actions)).toEqual([
      'DELETE K1 MAKE_ROOM_INACTIVE WARNING due 65',
      'ROTATE K2 FORCED_ROTATION INFO due 65',
    ]);
  });

  test('two active keys: the least recently used is deactivated now, never postponed; the next, unforced, run deletes it and carries the forced rotation on', () => {
    const now = day(65);
    const keys = [usedAt(key('K1', 'Active', 0), now, 30 * 24), usedAt(key('K2', 'Active', 60), now, 1)];
    const first = plan(keys, now, { forceRotate: true, deactivateOld: true, settings: POSTPONE });
    expect(summary(first.actions)).toEqual(['DEACTIVATE K1 MAKE_ROOM_LEAST_RECENTLY_USED INFO due 65']);
    expect(first.actions[0]?.madeRoomFor).toBe('FORCED_ROTATION_DEACTIVATE_OLD');
    const after = applyPlan(keys, first, now, 'X');
    // A redelivery the same day waits; the next day's scheduled run (not forced) goes on with the forced rotation.
    expect(plan(after, day(65, 60_000), { forceRotate: true, deactivateOld: true }).actions).toEqual([]);
    const next = plan(after, day(66), { settings: POSTPONE });
    expect(summary(next.actions)).toEqual([
      'DELETE K1 MAKE_ROOM_INACTIVE WARNING due 66',
      'ROTATE K2 FORCED_ROTATION INFO due 66',
      'DEACTIVATE K2 DEACTIVATE_OLD_REQUESTED CRITICAL due 66',
    ]);
  });

  test('no effect when there is no active key', () => {
    expect(plan([key('K1', 'Inactive', 0, 1)], day(5), { forceRotate: true }).actions).toEqual([]);
    expect(plan([], day(5), { forceRotate: true }).actions).toEqual([]);
  });
});

describe('cases the table leaves open', () => {
  test('no keys: nothing to do', () => {
    expect(plan([], day(1000)).actions).toEqual([]);
  });

  test('the newer key inactive, the older active (a rolled-back rotation): the active key is current and is rotated again, the disabled key making room', () => {
    const keys = [key('K1', 'Active', 0, 94), key('K2', 'Inactive', 90)];
    expect(summary(plan(keys, day(95)).actions)).toEqual(['DELETE K2 MAKE_ROOM_INACTIVE WARNING due 90', 'ROTATE K1 ROTATION_DUE INFO due 90']);
  });

  test('with no WarningDays there are no reminders, only actions on their day', () => {
    const settings = settingsWith({ warningDays: [] });
    const keys = [key('K1', 'Active', 0, 90), key('K2', 'Active', 90, 99)];
    expect(plan(keys, day(100, -1), { settings }).actions).toEqual([]);
    expect(summary(plan(keys, day(100), { settings }).actions)).toEqual(['DEACTIVATE K1 DEACTIVATION_DUE INFO due 100']);
  });

  test('the order IAM lists the keys in does not matter, even for keys created in the same second', () => {
    const a = key('AKIAAAAA', 'Active', 0, 95);
    const b = key('AKIABBBB', 'Active', 0, 95);
    expect(plan([a, b], day(95)).actions).toEqual(plan([b, a], day(95)).actions);
    expect(summary(plan([b, a], day(95)).actions)).toEqual(['DEACTIVATE AKIAAAAA MAKE_ROOM_LEAST_RECENTLY_USED CRITICAL due 10']);
  });
});

describe('input the engine refuses', () => {
  test('more than two keys: InvalidPlanInputError', () => {
    expect(() => plan([key('K1', 'Active', 0), key('K2', 'Active', 1), key('K3', 'Active', 2)], day(3))).toThrow(InvalidPlanInputError);
  });

  test('the same key id twice: InvalidPlanInputError', () => {
    expect(() => plan([key('K1', 'Active', 0), key('K1', 'Inactive', 1)], day(3))).toThrow(/K1 is given twice/);
  });

  test('an invalid date, or an unknown make-room mark: InvalidPlanInputError', () => {
    expect(() => plan([{ id: 'K1', status: 'Active', createdAt: new Date(Number.NaN) }], day(3))).toThrow(InvalidPlanInputError);
    expect(() => plan([], new Date('not a date'))).toThrow(InvalidPlanInputError);
    const marked = { ...key('K1', 'Inactive', 0), madeRoomFor: 'LUNCH' } as unknown as AccessKeyState;
    expect(() => plan([marked], day(3))).toThrow(/make room/);
  });

  test('a value the configuration would refuse on its own: InvalidSettingError', () => {
    expect(() => plan([], day(0), { settings: settingsWith({ inactiveBufferDays: 0 }) })).toThrow(InvalidSettingError);
    expect(() => plan([], day(0), { settings: settingsWith({ inUseKeyAction: 'Sometimes' as 'Postpone' }) })).toThrow(/InUseKeyAction/);
  });
});
