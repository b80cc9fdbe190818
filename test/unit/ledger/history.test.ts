import { latestDeliveries, recordDeliveries } from '../../../functions/core/ledger/deliveries';
import { historyLines } from '../../../functions/core/ledger/history';
import { emptyLedger, MAX_DELIVERIES_PER_USER } from '../../../functions/core/ledger/schema';
import { recordActions, recordListing } from '../../../functions/core/ledger/update';

describe('historyLines', () => {
  it("prints a user's keys and what was done to them, when and why", () => {
    const ledger = emptyLedger('111111111111', new Date('2026-01-01T06:00:00Z'));
    recordListing(ledger, 'app', [{ id: 'AKIAHISTORYKEY000001', status: 'Inactive', createdAt: new Date('2025-09-01T00:00:00Z') }], undefined, new Date('2026-01-01T06:00:00Z'));
    recordActions(ledger, 'app', [{ at: '2026-01-01T06:00:00.000Z', action: 'DEACTIVATE', keyId: 'AKIAHISTORYKEY000001', runId: 'run-1', outcome: 'done', reason: 'DEACTIVATION_DUE' }]);
    expect(historyLines('app', ledger.users.app)).toEqual([
      'app',
      '  keys:',
      '    AKIAHISTORYKEY000001: Inactive, created 2025-09-01, first seen 2026-01-01, no use recorded',
      '  actions:',
      '    2026-01-01 06:00 DEACTIVATE AKIAHISTORYKEY000001 done (run run-1): DEACTIVATION_DUE',
    ]);
    expect(historyLines('nobody', undefined)[0]).toMatch(/^nobody: not in the key ledger/);
  });
});

describe('deliveries in the ledger', () => {
  const T = (minute: number): string => new Date(Date.UTC(2026, 0, 1, 6, minute)).toISOString();

  it('--history lists each delivery: time, target, key id and outcome with its status or code', () => {
    const ledger = emptyLedger('111111111111', new Date(T(0)));
    recordDeliveries(ledger, 'ci', [
      { at: T(0), keyId: 'AKIANEWKEY0000000001', target: 'github:repo:acme/app#AWS_ACCESS_KEY_ID', label: 'GitHub acme/app', outcome: 'failed', status: 503 },
      { at: T(0), keyId: 'AKIANEWKEY0000000001', target: 'ssm:us-east-1:/iam-key-rotation/ci', outcome: 'failed', code: 'AccessDeniedException' },
      { at: T(1), keyId: 'AKIANEWKEY0000000001', target: 'github:repo:acme/app#AWS_ACCESS_KEY_ID', label: 'GitHub acme/app', outcome: 'delivered', status: 201 },
    ]);
    expect(historyLines('ci', ledger.users.ci).slice(-4)).toEqual([
      '  deliveries:',
      '    2026-01-01 06:00 GitHub acme/app: key AKIANEWKEY0000000001 failed (HTTP 503)',
      '    2026-01-01 06:00 ssm:us-east-1:/iam-key-rotation/ci: key AKIANEWKEY0000000001 failed (AccessDeniedException)',
      '    2026-01-01 06:01 GitHub acme/app: key AKIANEWKEY0000000001 delivered (HTTP 201)',
    ]);
  });

  it('writes an outcome once however often it is recorded, and never drops the newest of a target', () => {
    const ledger = emptyLedger('111111111111', new Date(T(0)));
    const stale = { at: T(0), keyId: 'AKIAOLDKEY0000000001', target: 'gitlab:acme/app:*', outcome: 'delivered' as const, status: 200 };
    recordDeliveries(ledger, 'ci', [stale]);
    recordDeliveries(ledger, 'ci', [stale]);
    expect(ledger.users.ci?.deliveries).toHaveLength(1);
    const retries = Array.from({ length: MAX_DELIVERIES_PER_USER + 5 }, (_, n) => ({ at: T(n + 1), keyId: 'AKIANEWKEY0000000001', target: 'github:repo:acme/app#AWS_ACCESS_KEY_ID', outcome: 'failed' as const, status: 502 }));
    recordDeliveries(ledger, 'ci', retries);
    expect(ledger.users.ci?.deliveries).toHaveLength(MAX_DELIVERIES_PER_USER);
    const latest = latestDeliveries(ledger.users.ci);
    expect(latest.get('gitlab:acme/app:*')).toEqual(stale);
    expect(latest.get('github:repo:acme/app#AWS_ACCESS_KEY_ID')?.at).toBe(T(MAX_DELIVERIES_PER_USER + 5));
  });
});
