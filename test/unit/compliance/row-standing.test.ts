import { accountRows, classifyRows, type AccountKeys } from '../../../functions/core/compliance';
import { DEFAULT_LIFECYCLE_SETTINGS, planUser } from '../../../functions/core/lifecycle';
import { day } from '../lifecycle/fixtures';

const NOW = day(0, 6 * 3_600_000);
const SETTINGS = { ...DEFAULT_LIFECYCLE_SETTINGS, inUseKeyAction: 'Postpone' as const };

const ACCOUNT: AccountKeys = {
  accountId: '111122223333',
  accountName: 'Workloads',
  users: [
    { userName: 'fresh', keys: [{ id: 'AKIAFRESH', status: 'Active', createdAt: day(-10) }] },
    { userName: 'due', keys: [{ id: 'AKIADUE', status: 'Active', createdAt: day(-95), lastUsedAt: day(-40) }] },
    { userName: 'old', keys: [{ id: 'AKIAOLD', status: 'Active', createdAt: day(-400), lastUsedAt: day(-2) }] },
    { userName: 'grace', keys: [{ id: 'AKIAGRACE', status: 'Inactive', createdAt: day(-105) }, { id: 'AKIANEW1', status: 'Active', createdAt: day(-5) }] },
    {
      userName: 'still-used',
      keys: [
        { id: 'AKIAUSED', status: 'Active', createdAt: day(-101), lastUsedAt: day(0, 3_600_000), lastUsedService: 'sts', lastUsedRegion: 'us-east-1' },
        { id: 'AKIANEW2', status: 'Active', createdAt: day(-11) },
      ],
    },
    // Rotated by this morning's run: the old key is still active, awaiting deactivation.
    { userName: 'rotated', keys: [{ id: 'AKIAROTATED', status: 'Active', createdAt: day(-90), lastUsedAt: day(0, 3_600_000) }, { id: 'AKIAROTATED2', status: 'Active', createdAt: day(0, 3 * 3_600_000) }] },
    { userName: 'break-glass', leftAlone: { standing: 'exempt', because: 'group IAMKeyRotationExemptionGroup' }, keys: [{ id: null, status: 'Active', createdAt: day(-500) }] },
    { userName: 'contractor', leftAlone: { standing: 'exempt', because: 'tag IAMKeyRotationExempt', until: day(45) }, keys: [{ id: null, status: 'Active', createdAt: day(-100) }] },
    { userName: 'migrating', leftAlone: { standing: 'held', because: 'tag IAMKeyRotationHold', until: day(3) }, keys: [{ id: 'AKIAHELD', status: 'Active', createdAt: day(-120) }] },
  ],
};

describe('a key row classified again from its own fields', () => {
  test('gives what accountRows classified it as: every standing, and the end of an exemption or hold', () => {
    const classified = accountRows(ACCOUNT, { settings: SETTINGS, now: NOW, plan: planUser });
    // Every standing is covered, so the test sees each way back from a row.
    expect(new Set(classified.map((key) => key.standing))).toEqual(new Set(['compliant', 'replaced', 'rotationDue', 'overdue', 'inGrace', 'postponed', 'exempt', 'held']));
    // Shuffled: a user's rows need not be next to each other.
    const rows = classified.map((key) => key.row).reverse();
    expect(classifyRows(rows, SETTINGS, NOW)).toEqual([...classified].reverse());
  });

  test('an old key replaced in this run counts as awaiting deactivation, not rotation due; its new key is compliant', () => {
    const classified = accountRows(ACCOUNT, { settings: SETTINGS, now: NOW, plan: planUser });
    const standing = (id: string) => classified.find((key) => key.row.accessKeyId === id)?.standing;
    expect(standing('AKIAROTATED')).toBe('replaced');
    expect(standing('AKIAROTATED2')).toBe('compliant');
    expect(standing('AKIADUE')).toBe('rotationDue');
  });
});

describe('replaced: an active key whose user has a newer active key younger than RotationPeriod', () => {
  test('two keys both past RotationPeriod are two keys due, not one replaced', () => {
    const both: AccountKeys = {
      accountId: '111122223333',
      accountName: 'Workloads',
      users: [{ userName: 'twice', keys: [{ id: 'AKIAA', status: 'Active', createdAt: day(-96), lastUsedAt: day(-1) }, { id: 'AKIAB', status: 'Active', createdAt: day(-92), lastUsedAt: day(-1) }] }],
    };
    const classified = accountRows(both, { settings: SETTINGS, now: NOW, plan: planUser });
    expect(classified.map((key) => key.standing)).toEqual(['rotationDue', 'rotationDue']);
    expect(classifyRows(classified.map((key) => key.row), SETTINGS, NOW)).toEqual(classified);
  });
});
