import type { OrgAccount } from '../../../functions/inventory/organization';
import { countByReason, selectAccounts } from '../../../functions/inventory/selection';

function account(id: string, state = 'ACTIVE'): OrgAccount {
  return { id, name: `n${id}`, email: `${id}@example.com`, state };
}

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const D = '444444444444';
const NONE = new Set<string>();

describe('account selection', () => {
  test('only ACTIVE accounts are selected; every other state is skipped as inactive', () => {
    const states = ['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED', 'PENDING_ACTIVATION', 'UNKNOWN'];
    const accounts = [account(A), ...states.map((state, i) => account(String(500000000000 + i), state))];
    const selection = selectAccounts(accounts, { include: NONE, exclude: NONE });
    expect(selection.selected.map((a) => a.id)).toEqual([A]);
    expect(selection.skipped.map((s) => [s.reason, s.state])).toEqual(states.map((state) => ['inactive', state]));
  });

  test('exclude always wins; include limits; both report names not found in scope', () => {
    const selection = selectAccounts([account(A), account(B), account(C)], {
      include: new Set([A, B, D]),
      exclude: new Set([B]),
    });
    expect(selection.selected.map((a) => a.id)).toEqual([A]);
    expect(selection.skipped).toEqual([
      { account: B, reason: 'excluded', state: 'ACTIVE' },
      { account: C, reason: 'notIncluded', state: 'ACTIVE' },
    ]);
    expect(selection.includedNotFound).toEqual([D]);
  });

  test('console narrowing cannot bring back an excluded or inactive account, and reports unknown ids', () => {
    const selection = selectAccounts([account(A), account(B), account(C, 'SUSPENDED')], {
      include: NONE,
      exclude: new Set([B]),
      requested: [B, C, D],
    });
    expect(selection.selected).toEqual([]);
    expect(countByReason(selection.skipped)).toEqual({ notRequested: 1, inactive: 1, excluded: 1, notIncluded: 0 });
    expect(selection.requestedNotFound).toEqual([D]);
  });

  test('an account listed twice is selected once', () => {
    const selection = selectAccounts([account(A), account(B), account(A)], { include: NONE, exclude: NONE });
    expect(selection.selected.map((a) => a.id)).toEqual([A, B]);
  });
});
