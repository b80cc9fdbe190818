import { parseUntil } from '../../core/lifecycle/dates';
import { tagValue, type AccountUser } from './users';

export type Exemption =
  | { readonly exempt: true; readonly reason: 'GROUP' | 'TAG'; readonly until?: Date }
  | { readonly exempt: false; readonly expiredAt?: Date; readonly invalidTagValue?: string };

/**
 * A user is exempt while it belongs to the exemption group, or carries the
 * exemption tag with `true` or a date that has not passed. A date-only value
 * holds through that whole UTC day. An expired or unreadable tag exempts
 * nobody: a typo must never silently exempt a user from rotation forever.
 */
export function exemptionOf(user: AccountUser, options: { group: string; tagKey: string; now: Date }): Exemption {
  if (user.groups.includes(options.group)) return { exempt: true, reason: 'GROUP' };
  const raw = tagValue(user, options.tagKey)?.trim();
  if (raw === undefined || raw === '') return { exempt: false };
  if (raw.toLowerCase() === 'true') return { exempt: true, reason: 'TAG' };
  if (raw.toLowerCase() === 'false') return { exempt: false };
  const until = parseUntil(raw);
  if (until === undefined) return { exempt: false, invalidTagValue: raw };
  return options.now.getTime() < until.getTime() ? { exempt: true, reason: 'TAG', until } : { exempt: false, expiredAt: until };
}
