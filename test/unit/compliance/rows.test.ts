import { accountRows, KEY_ROW_FIELDS, type AccountKeys } from '../../../functions/core/compliance';
import { DEFAULT_LIFECYCLE_SETTINGS, planUser } from '../../../functions/core/lifecycle';
import { day } from '../lifecycle/fixtures';

const NOW = day(0, 6 * 3_600_000);
const context = { settings: DEFAULT_LIFECYCLE_SETTINGS, now: NOW, plan: planUser };
const account = (users: AccountKeys['users']): AccountKeys => ({ accountId: '111122223333', accountName: 'Workloads', users });

describe('key rows', () => {
  test('a row has exactly the issue\'s fields, ISO dates, and null for what is absent', () => {
    const [classified] = accountRows(account([{ userName: 'app', keys: [{ id: null, status: 'Active', createdAt: day(-30) }] }]), context);
    expect(Object.keys(classified?.row ?? {})).toEqual([...KEY_ROW_FIELDS]);
    expect(classified?.row).toEqual({
      accountId: '111122223333',
      accountName: 'Workloads',
      userName: 'app',
      accessKeyId: null,
      status: 'Active',
      createdAt: day(-30).toISOString(),
      ageDays: 30,
      lastUsedAt: null,
      lastUsedService: null,
      lastUsedRegion: null,
      exemptReason: null,
      exemptUntil: null,
      nextAction: 'ROTATE',
      nextActionDate: '2025-03-02',
      // Never used: once replaced it is deactivated at once, and deleted G days later (the engine's NEVER_USED row).
      reason: 'reaches RotationPeriod (90 days) on 2025-03-02; then DEACTIVATE: never used, so deactivated as soon as it is replaced (2025-03-02) and deleted RecoveryGracePeriod (10 days) later',
    });
    expect(classified).toMatchObject({ standing: 'compliant', ageDays: 30, until: null });
  });

  test('a key past its rotation date is rotated at this run, and says since when it was due', () => {
    const rows = accountRows(
      account([
        {
          userName: 'legacy',
          keys: [{ id: 'AKIAOLD', status: 'Active', createdAt: day(-400), lastUsedAt: day(-2), lastUsedService: 's3', lastUsedRegion: 'eu-west-1' }],
        },
      ]),
      context,
    );
    expect(rows[0]).toMatchObject({
      standing: 'overdue',
      ageDays: 400,
      row: {
        accessKeyId: 'AKIAOLD',
        lastUsedAt: day(-2).toISOString(),
        lastUsedService: 's3',
        lastUsedRegion: 'eu-west-1',
        nextAction: 'ROTATE',
        nextActionDate: '2025-01-01',
        reason: '400 days old, RotationPeriod is 90: rotation due since 2024-02-26',
      },
    });
  });

  test('a replaced key still in use: its deactivation date, and where it was last used', () => {
    const rows = accountRows(
      account([
        {
          userName: 'ci',
          keys: [
            { id: 'AKIAOLD', status: 'Active', createdAt: day(-95), lastUsedAt: day(-1), lastUsedService: 'sts', lastUsedRegion: 'us-east-1' },
            { id: 'AKIANEW', status: 'Active', createdAt: day(-5) },
          ],
        },
      ]),
      context,
    );
    expect(rows.map((r) => [r.row.accessKeyId, r.standing, r.row.nextAction, r.row.nextActionDate, r.row.reason])).toEqual([
      ['AKIAOLD', 'replaced', 'DEACTIVATE', '2025-01-06', 'replaced; InactiveBuffer (10 days after the rotation) ends 2025-01-06 (last used 2024-12-31 by sts in us-east-1)'],
      // Rotated after the old key is gone (deactivated day 5, deleted day 15): no make-room deletion of a key in use.
      [
        'AKIANEW',
        'compliant',
        'ROTATE',
        '2025-03-27',
        'reaches RotationPeriod (90 days) on 2025-03-27; then DEACTIVATE: never used, so deactivated as soon as it is replaced (2025-03-27) and deleted RecoveryGracePeriod (10 days) later',
      ],
    ]);
  });

  test('exempt for good: nothing scheduled; exempt until a date: what the first run after it does', () => {
    const rows = accountRows(
      account([
        { userName: 'break-glass', leftAlone: { standing: 'exempt', because: 'group IAMKeyRotationExemptionGroup' }, keys: [{ id: null, status: 'Active', createdAt: day(-500) }] },
        {
          userName: 'contractor',
          leftAlone: { standing: 'exempt', because: 'tag IAMKeyRotationExempt', until: day(45) },
          keys: [{ id: null, status: 'Active', createdAt: day(-100), lastUsedAt: day(-1) }],
        },
      ]),
      context,
    );
    expect(rows.map((r) => [r.standing, r.until, r.row.exemptReason, r.row.exemptUntil, r.row.nextAction, r.row.nextActionDate, r.row.reason])).toEqual([
      ['exempt', null, 'group IAMKeyRotationExemptionGroup', null, null, null, 'exempt (group IAMKeyRotationExemptionGroup): never rotated'],
      [
        'exempt',
        day(45),
        'tag IAMKeyRotationExempt until 2025-02-14',
        '2025-02-14',
        'ROTATE',
        '2025-02-15',
        'exempt until 2025-02-14 (tag IAMKeyRotationExempt), then: 145 days old, RotationPeriod is 90: rotation due since 2024-12-22',
      ],
    ]);
  });

  test('an exemption that has ended is not one', () => {
    const rows = accountRows(
      account([{ userName: 'was-exempt', leftAlone: { standing: 'exempt', because: 'tag X', until: day(-1) }, keys: [{ id: null, status: 'Active', createdAt: day(-10) }] }]),
      context,
    );
    expect(rows[0]?.standing).toBe('compliant');
  });

  test('the run\'s own plan decides the rows of the users it planned', () => {
    const plan = {
      userName: 'forced',
      actions: [{ type: 'ROTATE' as const, keyId: 'AKIAK', reason: 'FORCED_ROTATION' as const, dueAt: NOW, severity: 'INFO' as const }],
    };
    const [row] = accountRows(account([{ userName: 'forced', plan, keys: [{ id: 'AKIAK', status: 'Active', createdAt: day(-10) }] }]), context);
    expect(row?.row).toMatchObject({ nextAction: 'ROTATE', nextActionDate: '2025-01-01', reason: 'rotation forced by an operator (ForceRotate)' });
  });

  test('two active keys and a rotation due: the least recently used is deactivated now, the other rotated by the next day\'s run', () => {
    const rows = accountRows(
      account([
        {
          userName: 'two-keys',
          keys: [
            { id: 'AKIAA', status: 'Active', createdAt: day(-150), lastUsedAt: day(-5) },
            { id: 'AKIAB', status: 'Active', createdAt: day(-95), lastUsedAt: day(-1) },
          ],
        },
      ]),
      context,
    );
    expect(rows.map((r) => [r.row.accessKeyId, r.row.nextAction, r.row.nextActionDate, r.row.reason.split(':')[0]])).toEqual([
      ['AKIAA', 'DEACTIVATE', '2025-01-01', 'two active keys and a rotation due'],
      ['AKIAB', 'ROTATE', '2025-01-02', '96 days old, RotationPeriod is 90'],
    ]);
  });
});
