import { DEFAULT_LIFECYCLE_SETTINGS, parseUntil, readUserTags } from '../../../functions/core/lifecycle';
import { day, POSTPONE } from './fixtures';

describe('a user\'s lifecycle tags (IAMKeyRotationPeriod, IAMKeyRotationHold)', () => {
  const now = day(10);

  test('a shorter period the lifecycle can keep applies; the same period as RotationPeriod changes nothing and says nothing', () => {
    expect(readUserTags({ period: '30' }, DEFAULT_LIFECYCLE_SETTINGS, now)).toEqual({ rotationPeriodDays: 30, notes: [] });
    expect(readUserTags({ period: '90' }, DEFAULT_LIFECYCLE_SETTINGS, now)).toEqual({ notes: [] });
    expect(readUserTags({ period: '' }, DEFAULT_LIFECYCLE_SETTINGS, now)).toEqual({ notes: [] });
  });

  test.each([
    ['120', /IAMKeyRotationPeriod=120 is longer than RotationPeriod \(90 days\) and is ignored/],
    ['ninety', /IAMKeyRotationPeriod="ninety" is not a whole number of days; RotationPeriod \(90 days\) applies/],
    ['0', /not a whole number of days/],
    ['-5', /not a whole number of days/],
    ['19', /IAMKeyRotationPeriod=19 is ignored, RotationPeriod \(90 days\) applies: InactiveBuffer \+ RecoveryGracePeriod \(10 \+ 10 = 20 days\) must be at most RotationPeriod \(19 days\)/],
  ])('IAMKeyRotationPeriod=%s is ignored and the note says why', (period, note) => {
    const reading = readUserTags({ period }, DEFAULT_LIFECYCLE_SETTINGS, now);
    expect(reading.rotationPeriodDays).toBeUndefined();
    expect(reading.notes).toHaveLength(1);
    expect(reading.notes[0]).toMatch(note);
  });

  test('with Postpone the shortest keepable period is B + P + G', () => {
    expect(readUserTags({ period: '39' }, POSTPONE, now).notes[0]).toMatch(/MaxPostponeDays/);
    expect(readUserTags({ period: '40' }, POSTPONE, now)).toEqual({ rotationPeriodDays: 40, notes: [] });
  });

  test('a hold holds until its date (a whole UTC day for a date alone); a past one holds nothing and says nothing; an unreadable one is a note', () => {
    expect(readUserTags({ hold: '2025-01-11' }, DEFAULT_LIFECYCLE_SETTINGS, now)).toEqual({ holdUntil: day(11), notes: [] });
    // now is 2025-01-11T00:00Z: a hold through 2025-01-10 has just ended.
    expect(readUserTags({ hold: '2025-01-10' }, DEFAULT_LIFECYCLE_SETTINGS, now)).toEqual({ notes: [] });
    expect(readUserTags({ hold: '2025-01-11T12:00:00+02:00' }, DEFAULT_LIFECYCLE_SETTINGS, now)).toEqual({ holdUntil: new Date('2025-01-11T10:00:00Z'), notes: [] });
    expect(readUserTags({ hold: 'March' }, DEFAULT_LIFECYCLE_SETTINGS, now).notes[0]).toMatch(/IAMKeyRotationHold="March" is not an ISO date .*the user is not on hold/);
  });

  test('parseUntil: invalid calendar dates and other shapes are undefined, never guessed', () => {
    expect(parseUntil('2026-02-30')).toBeUndefined();
    expect(parseUntil('2026-02-28 12:00')).toBeUndefined();
    expect(parseUntil('tomorrow')).toBeUndefined();
    expect(parseUntil(' 2026-02-28 ')).toEqual(new Date('2026-03-01T00:00:00Z'));
  });
});
