import { accountRows, classifyRow, type AccountKeys } from '../../../functions/core/compliance';
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
    { userName: 'break-glass', leftAlone: { standing: 'exempt', because: 'group IAMKeyRotationExemptionGroup' }, keys: [{ id: null, status: 'Active', createdAt: day(-500) }] },
    { userName: 'contractor', leftAlone: { standing: 'exempt', because: 'tag IAMKeyRotationExempt', until: day(45) }, keys: [{ id: null, status: 'Active', createdAt: day(-100) }] },
    { userName: 'migrating', leftAlone: { standing: 'held', because: 'tag IAMKeyRotationHold', until: day(3) }, keys: [{ id: 'AKIAHELD', status: 'Active', createdAt: day(-120) }] },
  ],
};

describe('a key row classified again from its own fields', () => {
  test('gives what accountRows classified it as: every standing, and the end of an exemption or hold', () => {
    const classified = accountRows(ACCOUNT, { settings: SETTINGS, now: NOW, plan: planUser });
    // Every standing is covered, so the test sees each way back from a row.
    expect(new Set(classified.map((key) => key.standing))).toEqual(new Set(['compliant', 'rotationDue', 'overdue', 'inGrace', 'postponed', 'exempt', 'held']));
    for (const key of classified) expect(classifyRow(key.row, SETTINGS, NOW)).toEqual(key);
  });
});
