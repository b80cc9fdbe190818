import fc from 'fast-check';
import {
  ageDistribution,
  bucketEdges,
  complianceView,
  STANDINGS,
  type ClassifiedKey,
  type KeyRow,
  type Standing,
} from '../../../functions/core/compliance';
import { RUNS, settingsArb } from '../lifecycle/arbitraries';

const R90_B10 = { rotationPeriodDays: 90, inactiveBufferDays: 10 };

function classified(accountId: string, userName: string, standing: Standing, ageDays: number, extra: Partial<KeyRow> = {}, until: Date | null = null): ClassifiedKey {
  const row: KeyRow = {
    accountId,
    accountName: `name-${accountId}`,
    userName,
    accessKeyId: null,
    status: standing === 'inGrace' ? 'Inactive' : 'Active',
    createdAt: '2025-01-01T00:00:00.000Z',
    ageDays,
    lastUsedAt: null,
    lastUsedService: null,
    lastUsedRegion: null,
    exemptReason: null,
    exemptUntil: null,
    nextAction: null,
    nextActionDate: null,
    reason: '',
    ...extra,
  };
  return { row, standing, ageDays, until };
}

describe('compliance view', () => {
  test('counts across the selection and per account, and the five accounts with the most overdue keys', () => {
    const keys: ClassifiedKey[] = [];
    // Accounts 1..7 with 1..7 overdue keys, account 0 with none.
    for (let account = 0; account <= 7; account++) {
      for (let i = 0; i < account; i++) keys.push(classified(`00000000000${account}`, `u${i}`, 'overdue', 200));
      keys.push(classified(`00000000000${account}`, 'fresh', 'compliant', 3));
    }
    keys.push(classified('000000000001', 'old-inactive', 'inGrace', 105));
    keys.push(classified('000000000002', 'due', 'rotationDue', 95));
    const view = complianceView(keys, R90_B10);
    expect(view.keys).toBe(keys.length);
    expect(view.counts).toEqual({ compliant: 8, replaced: 0, rotationDue: 1, inGrace: 1, overdue: 28, exempt: 0, held: 0, postponed: 0 });
    expect(view.accounts.map((a) => a.accountId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((n) => `00000000000${n}`));
    expect(view.accounts[1]).toMatchObject({ keys: 3, counts: { overdue: 1, compliant: 1, inGrace: 1 } });
    expect(view.mostOverdue.map((a) => [a.accountId, a.counts.overdue])).toEqual([
      ['000000000007', 7],
      ['000000000006', 6],
      ['000000000005', 5],
      ['000000000004', 4],
      ['000000000003', 3],
    ]);
  });

  test('no overdue key: no worst accounts; exempt and held users listed once each, with their end', () => {
    const until = new Date('2026-02-20T00:00:00Z');
    const view = complianceView(
      [
        classified('111111111111', 'glass', 'exempt', 500, { exemptReason: 'group G' }),
        classified('111111111111', 'glass', 'exempt', 20, { exemptReason: 'group G' }),
        classified('111111111111', 'paused', 'held', 95, { exemptReason: 'hold until 2026-02-19' }, until),
      ],
      R90_B10,
    );
    expect(view.mostOverdue).toEqual([]);
    expect(view.leftAlone).toEqual([
      { accountId: '111111111111', accountName: 'name-111111111111', userName: 'glass', standing: 'exempt', reason: 'group G', until: null },
      { accountId: '111111111111', accountName: 'name-111111111111', userName: 'paused', standing: 'held', reason: 'hold until 2026-02-19', until },
    ]);
  });

  test('age buckets follow the settings: R 90, B 10', () => {
    expect(bucketEdges(R90_B10)).toEqual([30, 60, 90, 101, 200, 365, 730]);
    expect(ageDistribution([], R90_B10).map((b) => b.label)).toEqual([
      '0–29 days',
      '30–59 days',
      '60–89 days',
      '90–100 days',
      '101–199 days',
      '200–364 days',
      '365–729 days',
      '730+ days',
    ]);
  });

  test(`every key is in exactly one bucket, due and overdue ages never share one, totals add up (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(
        settingsArb,
        fc.array(fc.record({ ageDays: fc.integer({ min: -3, max: 2000 }), standing: fc.constantFrom(...STANDINGS) }), { maxLength: 30 }),
        (settings, keys) => {
          const edges = bucketEdges(settings);
          expect(edges.every((edge, i) => i === 0 || edge > (edges[i - 1] as number))).toBe(true);
          expect(edges).toContain(settings.rotationPeriodDays);
          expect(edges).toContain(settings.rotationPeriodDays + settings.inactiveBufferDays + 1);
          const buckets = ageDistribution(keys, settings);
          expect(buckets.reduce((sum, b) => sum + b.total, 0)).toBe(keys.length);
          for (const standing of STANDINGS) {
            expect(buckets.reduce((sum, b) => sum + b.byStanding[standing], 0)).toBe(keys.filter((k) => k.standing === standing).length);
          }
          for (const key of keys) {
            const age = Math.max(0, key.ageDays);
            expect(buckets.filter((b) => age >= b.fromDays && (b.toDays === undefined || age < b.toDays))).toHaveLength(1);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
