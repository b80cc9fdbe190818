import fc from 'fast-check';
import { addDays, DAY_MS, daysBetween, startOfUtcDay } from '../../../functions/core/lifecycle/time';

describe('the one day-arithmetic module', () => {
  test('daysBetween counts UTC calendar days, whatever the hours', () => {
    expect(daysBetween('2026-01-05T23:59:59.999Z', '2026-01-06T00:00:00.000Z')).toBe(1);
    expect(daysBetween(new Date('2026-01-06T06:00:00Z'), new Date('2026-01-06T23:00:00Z'))).toBe(0);
    expect(daysBetween('2026-03-01T00:00:00Z', '2026-02-27T12:00:00Z')).toBe(-2);
    expect(daysBetween(Date.parse('2024-02-28T10:00:00Z'), Date.parse('2024-03-01T01:00:00Z'))).toBe(2);
  });

  test('addDays and startOfUtcDay agree with daysBetween', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: -1000, max: 1000 }), (ms, days) => {
        expect(daysBetween(ms, addDays(ms, days))).toBe(days);
        expect(startOfUtcDay(ms) % DAY_MS).toBe(0);
        expect(daysBetween(startOfUtcDay(ms), ms)).toBe(0);
      }),
    );
  });
});
