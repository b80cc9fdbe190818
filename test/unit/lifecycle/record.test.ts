import fc from 'fast-check';
import { formatDeactivationRecord, MAX_RECORD_LENGTH, parseDeactivationRecord } from '../../../functions/core/lifecycle';
import type { DeactivationEntry } from '../../../functions/core/lifecycle';

// IAM tag values: letters, digits, spaces and _ . : / = + - @ only, at most 256 characters.
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

describe('the deactivation record (user tag IAMKeyRotationDeactivated)', () => {
  test('reads entries with and without a make-room mark, oldest first when written back', () => {
    const value = 'AKIAEXAMPLE000000002@2026-02-01T06:00:00.000Z+forced-deactivate-old AKIAEXAMPLE000000001@2026-01-15T06:00:00.000Z';
    const parsed = parseDeactivationRecord(value);
    expect(parsed.unreadable).toEqual([]);
    expect(parsed.entries).toEqual([
      { keyId: 'AKIAEXAMPLE000000002', at: new Date('2026-02-01T06:00:00.000Z'), madeRoomFor: 'FORCED_ROTATION_DEACTIVATE_OLD' },
      { keyId: 'AKIAEXAMPLE000000001', at: new Date('2026-01-15T06:00:00.000Z') },
    ]);
    expect(formatDeactivationRecord(parsed.entries)).toBe(
      'AKIAEXAMPLE000000001@2026-01-15T06:00:00.000Z AKIAEXAMPLE000000002@2026-02-01T06:00:00.000Z+forced-deactivate-old',
    );
  });

  test('what a person typed by hand is reported as unreadable and never acted on; a key recorded twice keeps its later date', () => {
    const parsed = parseDeactivationRecord(' yesterday AKIAEXAMPLE000000001@2026-01-15T06:00:00Z AKIAEXAMPLE000000001@2026-01-16T06:00:00Z AKIAX@2026-01-01T00:00:00Z AKIAEXAMPLE000000003@2026-01-15T06:00:00Z+later ');
    expect(parsed.unreadable).toEqual(['yesterday', 'AKIAX@2026-01-01T00:00:00Z', 'AKIAEXAMPLE000000003@2026-01-15T06:00:00Z+later']);
    expect(parsed.entries).toEqual([{ keyId: 'AKIAEXAMPLE000000001', at: new Date('2026-01-16T06:00:00Z') }]);
    expect(parseDeactivationRecord(undefined)).toEqual({ entries: [], unreadable: [] });
    expect(formatDeactivationRecord([])).toBe('');
  });

  test('any two entries (IAM allows two keys) make a valid IAM tag value that reads back the same (500 cases)', () => {
    const entry = fc.record({
      keyId: fc.stringMatching(/^AKIA[A-Z0-9]{16}$/),
      at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
      madeRoomFor: fc.option(fc.constantFrom('ROTATION' as const, 'FORCED_ROTATION' as const, 'FORCED_ROTATION_DEACTIVATE_OLD' as const), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { minLength: 0, maxLength: 2, selector: (e) => e.keyId }), (raw) => {
        const entries: DeactivationEntry[] = raw.map((e) => ({ keyId: e.keyId, at: e.at, ...(e.madeRoomFor ? { madeRoomFor: e.madeRoomFor } : {}) }));
        const value = formatDeactivationRecord(entries);
        expect(value.length).toBeLessThanOrEqual(MAX_RECORD_LENGTH);
        expect(value).toMatch(TAG_VALUE);
        const back = parseDeactivationRecord(value);
        expect(back.unreadable).toEqual([]);
        expect([...back.entries].sort((a, b) => a.keyId.localeCompare(b.keyId))).toEqual([...entries].sort((a, b) => a.keyId.localeCompare(b.keyId)));
      }),
      { numRuns: 500 },
    );
  });
});
