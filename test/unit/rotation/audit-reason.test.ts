import type { EnforcedScope } from '../../../functions/core/config/scope';
import { parseRotationRequest, rotationRequest, toRotationJob } from '../../../functions/rotation/event/request';
import { enforcementOf } from '../../../functions/rotation/scope/audit-reason';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const OU = 'ou-abcd-11111111';
const scope = (...ids: string[]): EnforcedScope => ({ accounts: new Set(ids.filter((id) => /^\d{12}$/.test(id))), units: ids.filter((id) => !/^\d{12}$/.test(id)) });
const job = (extra: Record<string, unknown> = {}) => parseRotationRequest({ account: ACCOUNT, ...extra });
/** The same request as a message the inventory's execution role sent to the queue. */
const fromInventory = (extra: Record<string, unknown> = {}) => toRotationJob(rotationRequest.parse({ account: ACCOUNT, ...extra }), { fromInventory: true });

describe('audit mode: DryRunFlag, the request, and EnforcedScope (a request can only ever add it)', () => {
  test.each([
    ['DryRunFlag True wins over everything, operator events included', true, scope(ACCOUNT), { ForceRotate: 'svc' }, 'DRY_RUN_FLAG'],
    ['the request asks for it', false, undefined, { dryrun: true }, 'REQUESTED'],
    ['no EnforcedScope: enforced', false, undefined, {}, undefined],
    ['named by id: enforced', false, scope(ACCOUNT), {}, undefined],
    ['another id only: outside', false, scope(OTHER), {}, 'OUTSIDE_ENFORCED_SCOPE'],
    ['another id only, whatever the request claims: outside', false, scope(OTHER), { enforcedScope: 'inside' }, 'OUTSIDE_ENFORCED_SCOPE'],
    ['an OU, and a console event claims inside: unresolved, audit (a request may only narrow the scope)', false, scope(OU), { enforcedScope: 'inside' }, 'SCOPE_UNRESOLVED'],
    ['an OU, and the inventory says outside: outside', false, scope(OU), { enforcedScope: 'outside' }, 'OUTSIDE_ENFORCED_SCOPE'],
    ['named by id, but the request says outside: outside (it may only add audit mode)', false, scope(ACCOUNT), { enforcedScope: 'outside' }, 'OUTSIDE_ENFORCED_SCOPE'],
    ['an OU and a console event, which cannot resolve it: unresolved, audit', false, scope(OU), {}, 'SCOPE_UNRESOLVED'],
    ['a root id: everything is inside', false, scope('r-abcd'), {}, undefined],
  ] as const)('%s', (_case, dryRunFlag, enforced, extra, expected) => {
    expect(enforcementOf(dryRunFlag, enforced, job(extra)).auditReason).toBe(expected);
  });

  test.each([
    ['an OU, and the inventory says inside: enforced', scope(OU), { enforcedScope: 'inside' }, undefined],
    ['an OU, and the inventory says outside: outside', scope(OU), { enforcedScope: 'outside' }, 'OUTSIDE_ENFORCED_SCOPE'],
    ['another id only, whatever the inventory says: outside', scope(OTHER), { enforcedScope: 'inside' }, 'OUTSIDE_ENFORCED_SCOPE'],
  ] as const)('a message of the inventory: %s', (_case, enforced, extra, expected) => {
    expect(enforcementOf(false, enforced, fromInventory(extra)).auditReason).toBe(expected);
  });

  test.each([
    ['ForceRotate outside the scope', scope(OTHER), { ForceRotate: 'svc' }, 'OUTSIDE_ENFORCED_SCOPE'],
    ['ForceRotate "*" in an OU a console event cannot resolve', scope(OU), { ForceRotate: '*' }, 'SCOPE_UNRESOLVED'],
    ['Reactivate outside the scope', scope(OTHER), { Reactivate: 'svc' }, 'OUTSIDE_ENFORCED_SCOPE'],
  ] as const)('an operator event acts on the users it names only, not in audit mode: %s', (_case, enforced, extra, reason) => {
    expect(enforcementOf(false, enforced, job(extra))).toEqual({ onlyNamedUsers: reason });
  });
});
