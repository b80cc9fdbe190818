import { evidenceLines } from '../where-used/evidence';
import type { LedgerUser } from './schema';

const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '-');

/**
 * One user's ledger as plain lines (`npm run plan -- --history`): its keys,
 * what the tool did to them, when and why, where they were last seen used,
 * and where each new key was delivered (or why not).
 */
export function historyLines(userName: string, user: LedgerUser | undefined): string[] {
  if (!user) return [`${userName}: not in the key ledger (no run has seen this user, or the ledger was rebuilt since)`];
  const lines = [`${userName}`];
  if (user.exemptUntil !== undefined) lines.push(`  exempt${user.exemptUntil ? ` until ${day(user.exemptUntil)}` : ''}`);
  if (user.holdUntil) lines.push(`  on hold until ${day(user.holdUntil)}`);
  lines.push('  keys:');
  for (const key of user.keys) {
    const used = key.lastUsedAt ? `last used ${day(key.lastUsedAt)}${key.lastUsedService ? ` by ${key.lastUsedService}` : ''}${key.lastUsedRegion ? ` in ${key.lastUsedRegion}` : ''}` : 'no use recorded';
    const slot = key.slot ? ` (slot ${key.slot})` : '';
    lines.push(`    ${key.id}${slot}: ${key.goneAt ? `gone since ${day(key.goneAt)}` : key.status}, created ${day(key.createdAt)}, first seen ${day(key.firstSeenAt)}, ${used}`);
    for (const line of evidenceLines(user.whereUsed[key.id])) lines.push(`      ${line}`);
  }
  lines.push(user.actions.length > 0 ? '  actions:' : '  actions: none recorded');
  for (const action of user.actions) {
    const what = [action.at.slice(0, 16).replace('T', ' '), action.action, action.keyId, action.outcome].filter(Boolean).join(' ');
    lines.push(`    ${what}${action.runId ? ` (run ${action.runId})` : ''}: ${action.reason}`);
  }
  if (user.deliveries.length > 0) lines.push('  deliveries:');
  for (const delivery of user.deliveries) {
    const result = delivery.code ?? (delivery.status !== undefined ? `HTTP ${delivery.status}` : undefined);
    lines.push(`    ${delivery.at.slice(0, 16).replace('T', ' ')} ${delivery.label ?? delivery.target}: key ${delivery.keyId} ${delivery.outcome}${result ? ` (${result})` : ''}`);
  }
  return lines;
}
