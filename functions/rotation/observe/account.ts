import type { IAMClient } from '@aws-sdk/client-iam';
import type { AccessKeyState, LifecycleSettings, Planner } from '../../core/lifecycle/types';
import type { Logger } from '../../core/log/logger';
import { canNameSecretAfter } from '../../../contract/names';
import { mapWithConcurrency } from '../../core/async/map-with-concurrency';
import { CredentialReportUnavailableError, describeError } from '../errors';
import { fetchCredentialReport, type CredentialReport, type CredentialReportPolling, type CredentialReportKey } from './credential-report';
import { exemptionOf, type Exemption } from './exemption';
import { listKeys, withLastUsed, type ObservedKey } from './keys';
import { userFacts, withRecord, type UserFacts } from './user-facts';
import { listAccountUsers, type AccountUser } from './users';

/** A user whose keys were read from IAM itself (not the report), ready to plan. */
export interface ObservedUser {
  readonly user: AccountUser;
  /** With their last use and, for keys this tool deactivated, when and why (its record on the user). */
  readonly keys: readonly ObservedKey[];
  readonly forced: boolean;
  readonly facts: UserFacts;
}

export interface HeldUser {
  readonly userName: string;
  readonly until: Date;
}

export interface UserProblem {
  readonly userName: string;
  readonly message: string;
}

export interface AccountObservation {
  readonly users: readonly AccountUser[];
  /** Where the decision to skip users came from. */
  readonly source: 'credential-report' | 'list-access-keys';
  readonly reportGeneratedAt?: Date;
  readonly exempt: ReadonlyMap<string, Exemption & { exempt: true }>;
  /** Users on hold (IAMKeyRotationHold): nothing is done to them until then; the admin is told. */
  readonly held: readonly HeldUser[];
  /** Users left alone because nothing is due or announced for them. */
  readonly skipped: number;
  /** The credential report's keys by user (no key ids), when the report was read: what is known of the users not examined. */
  readonly reported?: ReadonlyMap<string, readonly CredentialReportKey[]>;
  /** Keys of users listed with ListAccessKeys and then left alone (nothing due): no last-used dates. */
  readonly listed: ReadonlyMap<string, readonly AccessKeyState[]>;
  readonly examined: readonly ObservedUser[];
  /** Users whose keys could not be read; they are reported, the others go on. */
  readonly failures: readonly UserProblem[];
  /** Not failures: things the admin should know (an unreadable or ignored tag, a forced user that does not exist). */
  readonly notes: readonly string[];
}

export interface ObserveOptions {
  readonly settings: LifecycleSettings;
  readonly exemptionGroup: string;
  readonly exemptionTagKey: string;
  readonly forceRotate: readonly string[];
  /** ForceRotate "*": every user that is neither exempt nor on hold. */
  readonly forceAll: boolean;
  /** Look at the forced users only (an operator event in an account the rollout leaves in audit mode). */
  readonly onlyForced?: boolean;
  readonly now: Date;
  /** The stack's region: an SES SMTP user's password is for it unless tagged otherwise. */
  readonly region: string;
  readonly plan: Planner;
  readonly concurrency: number;
  readonly polling: CredentialReportPolling;
  readonly logger: Logger;
}

/**
 * Reads the account with as few calls as IAM allows. The users, their groups
 * and tags come from GetAccountAuthorizationDetails; the credential report
 * says, for the whole account at once, which users have nothing due, and
 * those cost no further call. Only the rest are confirmed with ListAccessKeys
 * and GetAccessKeyLastUsed, because the report has no key ids and may be
 * hours old: nothing is ever done on the report's word alone.
 */
export async function observeAccount(iam: IAMClient, options: ObserveOptions): Promise<AccountObservation> {
  const [users, report] = await Promise.all([listAccountUsers(iam), reportOrUndefined(iam, options)]);
  const forced = new Set(options.forceRotate);
  const known = new Set(users.map((user) => user.userName));
  const notes = [...forced].filter((name) => !known.has(name)).map((name) => `ForceRotate: no user named ${name} in this account`);
  const isForced = (user: AccountUser): boolean => options.forceAll || forced.has(user.userName);

  const exempt = new Map<string, Exemption & { exempt: true }>();
  const held: HeldUser[] = [];
  const toExamine: { user: AccountUser; facts: UserFacts }[] = [];
  let skipped = 0;
  for (const user of users) {
    const exemption = exemptionOf(user, { group: options.exemptionGroup, tagKey: options.exemptionTagKey, now: options.now });
    if (exemption.exempt) {
      exempt.set(user.userName, exemption);
      if (forced.has(user.userName)) notes.push(`ForceRotate: ${user.userName} is exempt and was not rotated`);
      continue;
    }
    if (exemption.invalidTagValue !== undefined) {
      notes.push(
        `${user.userName}: exemption tag ${options.exemptionTagKey}="${exemption.invalidTagValue}" is neither true nor an ISO date; the user is not exempt`,
      );
    }
    if (!canNameSecretAfter(user.userName)) {
      // Before any key is created: a key whose secret cannot be written would be made and deleted again every run.
      options.logger.warn('user name cannot name a secret (Secrets Manager refuses ","); user skipped, keys left as they are', { userName: user.userName });
      notes.push(`${user.userName}: the user name holds a character Secrets Manager does not allow in a secret name (","); the user was skipped and its keys left as they are`);
      continue;
    }
    const facts = userFacts(user, options.settings, options.now, options.region);
    notes.push(...facts.notes);
    if (facts.holdUntil) {
      held.push({ userName: user.userName, until: facts.holdUntil });
      if (forced.has(user.userName)) notes.push(`ForceRotate: ${user.userName} is on hold until ${facts.holdUntil.toISOString()} and was not rotated`);
      continue;
    }
    const reported = report?.users.get(user.userName);
    // Not in the report (created since, or an unreadable row), or a record the report cannot match: look, rather than
    // assume nothing is due.
    const look = isForced(user) || reported === undefined || recordOutOfStep(reported, facts);
    if (options.onlyForced && !isForced(user)) skipped++;
    else if (look || hasAnythingDue(user.userName, withRecordGuessed(reported, facts), facts, options)) toExamine.push({ user, facts });
    else skipped++;
  }

  const failures: UserProblem[] = [];
  const examined: ObservedUser[] = [];
  const listed = new Map<string, readonly AccessKeyState[]>();
  await mapWithConcurrency(toExamine, options.concurrency, async ({ user, facts }) => {
    try {
      const keys = withRecord(await listKeys(iam, user.userName), facts.record);
      const userForced = isForced(user);
      // A record naming a key that is gone or active again (deleted or switched on by hand) is cleaned by the apply step.
      const staleRecord =
        facts.record.unreadable.length > 0 || facts.record.entries.some((entry) => !keys.some((key) => key.id === entry.keyId && key.status === 'Inactive'));
      // The report may be stale: re-check on the keys IAM returned before spending a call per key.
      if (!userForced && !staleRecord && !hasAnythingDue(user.userName, keys, facts, options)) {
        listed.set(user.userName, keys);
        skipped++;
        return;
      }
      examined.push({ user, keys: await withLastUsed(iam, keys), forced: userForced, facts });
    } catch (error) {
      failures.push({ userName: user.userName, message: describeError(error) });
    }
  });
  examined.sort((a, b) => a.user.userName.localeCompare(b.user.userName));
  return {
    users,
    source: report ? 'credential-report' : 'list-access-keys',
    ...(report?.generatedAt ? { reportGeneratedAt: report.generatedAt } : {}),
    exempt,
    held: held.sort((a, b) => a.userName.localeCompare(b.userName)),
    skipped,
    ...(report ? { reported: report.users } : {}),
    listed,
    examined,
    failures,
    notes,
  };
}

/**
 * The record and the report's inactive keys do not pair up one to one: a key
 * recorded but gone or active again (the record needs cleaning), an unreadable
 * record, or an inactive key the tool did not deactivate beside one it did
 * (which is which, the report cannot say).
 */
function recordOutOfStep(reported: readonly CredentialReportKey[], facts: UserFacts): boolean {
  const inactive = reported.filter((key) => key.status === 'Inactive').length;
  const recorded = facts.record.entries.length;
  return facts.record.unreadable.length > 0 || (recorded > 0 && recorded !== inactive);
}

/**
 * The report has no key ids to match the record with. Every inactive key is
 * taken as deactivated at the earliest recorded time, and as making room for
 * the rotation the record names, which can only make its deletion or a carried-
 * over rotation look due sooner than it is: the user is then looked at, never
 * skipped while something is due.
 */
function withRecordGuessed(reported: readonly CredentialReportKey[], facts: UserFacts): readonly AccessKeyState[] {
  const entries = facts.record.entries;
  const earliest = entries.reduce<Date | undefined>((first, entry) => (first === undefined || entry.at < first ? entry.at : first), undefined);
  const room = entries.find((entry) => entry.madeRoomFor !== undefined && entry.madeRoomFor !== 'ROTATION')?.madeRoomFor ?? entries.find((entry) => entry.madeRoomFor)?.madeRoomFor;
  return reported.map((key, index) => ({
    ...key,
    id: `credential-report-key-${index + 1}`,
    ...(key.status === 'Inactive' && earliest ? { deactivatedAt: earliest, ...(room ? { madeRoomFor: room } : {}) } : {}),
  }));
}

async function reportOrUndefined(iam: IAMClient, options: ObserveOptions): Promise<CredentialReport | undefined> {
  try {
    return await fetchCredentialReport(iam, options.polling);
  } catch (error) {
    if (!(error instanceof CredentialReportUnavailableError)) throw error;
    options.logger.warn('credential report unavailable; listing keys user by user', { error: describeError(error) });
    return undefined;
  }
}

/** Would the engine do or announce anything for these keys? The engine decides, so the filter can never disagree with the plan. */
function hasAnythingDue(userName: string, keys: readonly AccessKeyState[], facts: UserFacts, options: Pick<ObserveOptions, 'plan' | 'settings' | 'now'>): boolean {
  if (keys.length === 0) return false;
  const plan = options.plan({ userName, keys, settings: options.settings, exempt: false, tags: facts.tags, forceRotate: false, now: options.now });
  return plan.actions.length > 0;
}
