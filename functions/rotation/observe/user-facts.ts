import { USER_TAGS } from '../../../contract/names';
import { parseDeactivationRecord, type ParsedRecord } from '../../core/lifecycle/record';
import { readUserTags } from '../../core/lifecycle/tags';
import type { AccessKeyState, LifecycleSettings, UserTags } from '../../core/lifecycle/types';
import { tagValue, type AccountUser } from './users';

/** What a user's tags and policies tell the run, read once per user, with a note for every value that is ignored. */
export interface UserFacts {
  /** Raw IAMKeyRotationPeriod / IAMKeyRotationHold, which the engine judges. */
  readonly tags: UserTags;
  readonly holdUntil?: Date;
  /** This tool's record of the keys it deactivated (IAMKeyRotationDeactivated). */
  readonly record: ParsedRecord;
  /** The raw record tag, to tell whether it needs writing. */
  readonly recordValue?: string;
  /** Set for an SES SMTP user: the regions whose SMTP passwords its secret holds. */
  readonly smtpRegions?: readonly string[];
  readonly notes: readonly string[];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
// IAM tag values cannot hold commas; accept them anyway (and spaces, slashes, plus signs) as separators.
const SEPARATORS = /[\s,/+]+/;

export function userFacts(user: AccountUser, settings: LifecycleSettings, now: Date, stackRegion: string): UserFacts {
  const tags: UserTags = { period: tagValue(user, USER_TAGS.period), hold: tagValue(user, USER_TAGS.hold) };
  const reading = readUserTags(tags, settings, now);
  const recordValue = tagValue(user, USER_TAGS.deactivated);
  const record = parseDeactivationRecord(recordValue);
  const notes = [...reading.notes];
  if (record.unreadable.length > 0) {
    notes.push(`${USER_TAGS.deactivated} holds what this tool did not write (${record.unreadable.join(' ')}); it is ignored, and replaced at the next change`);
  }
  const smtp = smtpRegionsOf(user, stackRegion);
  notes.push(...smtp.notes);
  return {
    tags,
    ...(reading.holdUntil ? { holdUntil: reading.holdUntil } : {}),
    record,
    ...(recordValue !== undefined ? { recordValue } : {}),
    ...(smtp.regions ? { smtpRegions: smtp.regions } : {}),
    notes: notes.map((note) => `${user.userName}: ${note}`),
  };
}

/**
 * An SMTP user is one whose policies allow nothing but sending mail, or one
 * tagged IAMKeyRotationSmtpRegions or IAMKeyRotationSmtp=true;
 * IAMKeyRotationSmtp=false opts out. Its passwords are for the tagged regions,
 * or else the stack's region.
 */
function smtpRegionsOf(user: AccountUser, stackRegion: string): { regions?: readonly string[]; notes: string[] } {
  const notes: string[] = [];
  const flag = tagValue(user, USER_TAGS.smtp)?.trim().toLowerCase();
  const listed = tagValue(user, USER_TAGS.smtpRegions);
  if (flag !== undefined && flag !== '' && flag !== 'true' && flag !== 'false') {
    notes.push(`${USER_TAGS.smtp}="${tagValue(user, USER_TAGS.smtp) ?? ''}" is neither true nor false and is ignored`);
  }
  if (flag === 'false') {
    if (listed !== undefined) notes.push(`${USER_TAGS.smtpRegions} is ignored: ${USER_TAGS.smtp}=false opts the user out of SMTP passwords`);
    return { notes };
  }
  if (listed === undefined && flag !== 'true' && !user.sendsMailOnly) return { notes };
  const tokens = (listed ?? '').split(SEPARATORS).filter((token) => token.length > 0);
  const bad = tokens.filter((token) => !REGION.test(token));
  if (bad.length > 0) notes.push(`${USER_TAGS.smtpRegions}: "${bad.join(' ')}" is not a region name and is ignored`);
  const regions = [...new Set(tokens.filter((token) => REGION.test(token)))];
  return { regions: regions.length > 0 ? regions : [stackRegion], notes };
}

/** The keys as the engine needs them: the tool's record gives an inactive key its deactivation time and purpose. */
export function withRecord(keys: readonly AccessKeyState[], record: ParsedRecord): AccessKeyState[] {
  const byKey = new Map(record.entries.map((entry) => [entry.keyId, entry]));
  return keys.map((key) => {
    const entry = key.status === 'Inactive' ? byKey.get(key.id) : undefined;
    return entry ? { ...key, deactivatedAt: entry.at, ...(entry.madeRoomFor ? { madeRoomFor: entry.madeRoomFor } : {}) } : key;
  });
}
