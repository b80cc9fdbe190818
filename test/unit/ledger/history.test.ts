import { historyLines } from '../../../functions/core/ledger/history';
import { emptyLedger } from '../../../functions/core/ledger/schema';
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
