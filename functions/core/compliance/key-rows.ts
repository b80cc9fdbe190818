import type { AccessKeyState, KeyStatus, LifecycleSettings, Planner, UserPlan } from '../lifecycle/types';
import { ageInDays, isoDay } from './dates';
import { keyOutlooks, type KeyOutlook } from './next-action';
import { reasonFor } from './reasons';
import type { KeyRow, NextAction } from './row';
import { hasNewerActiveKey, standingOf, type SiblingKey, type Standing } from './standing';
import { usedWhere } from '../text/used-where';

/** A key as far as it is known: from IAM (with its id) or from the credential report (without). */
export interface KnownKey {
  /** null: only the credential report saw the key. */
  readonly id: string | null;
  readonly status: KeyStatus;
  readonly createdAt: Date;
  readonly lastUsedAt?: Date | undefined;
  readonly lastUsedService?: string | undefined;
  readonly lastUsedRegion?: string | undefined;
}

/** Why the engine leaves a user alone, and until when (no `until`: for good). */
export interface LeftAlone {
  readonly standing: 'exempt' | 'held';
  /** What the user is told, e.g. `group IAMKeyRotationExemptionGroup`. */
  readonly because: string;
  readonly until?: Date | undefined;
}

export interface UserKeys {
  readonly userName: string;
  readonly keys: readonly KnownKey[];
  readonly leftAlone?: LeftAlone | undefined;
  /** The run's own plan for the user at `now`, when it planned the user. */
  readonly plan?: UserPlan | undefined;
}

export interface AccountKeys {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly users: readonly UserKeys[];
}

export interface RowContext {
  readonly settings: LifecycleSettings;
  readonly now: Date;
  readonly plan: Planner;
}

/** A row with what the compliance view counts it as. */
export interface ClassifiedKey {
  readonly row: KeyRow;
  readonly standing: Standing;
  readonly ageDays: number;
  /** For exempt and held keys: when that ends (null: it does not). */
  readonly until: Date | null;
}

// Report keys have no id, and the engine needs one to name the key it acts on.
const REPORT_KEY_ID = 'credential-report-key-';

/**
 * The rows of one account, users and keys in the order given: the one place
 * where the engine's decisions become rows, so that a new engine changes only
 * this file and its reasons. Pure.
 */
export function accountRows(account: AccountKeys, context: RowContext): ClassifiedKey[] {
  return account.users.flatMap((user) => userRows(account, user, context));
}

function userRows(account: AccountKeys, user: UserKeys, context: RowContext): ClassifiedKey[] {
  const { settings, now } = context;
  const states: AccessKeyState[] = user.keys.map((key, index) => ({
    id: key.id ?? `${REPORT_KEY_ID}${index + 1}`,
    status: key.status,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
  }));
  // An exemption or hold whose end has passed leaves nobody alone.
  const alone = user.leftAlone && !(user.leftAlone.until && user.leftAlone.until.getTime() <= now.getTime()) ? user.leftAlone : undefined;
  const until = alone?.until;
  // An exemption with an end is planned from its end: what the first run after it will do.
  const outlooks =
    alone && until === undefined
      ? undefined
      : keyOutlooks({
          userName: user.userName,
          keys: states,
          settings,
          ...(alone ? {} : { planned: user.plan }),
          from: until ?? now,
          plan: context.plan,
        });

  const siblings: SiblingKey[] = user.keys.map((key) => ({ status: key.status, createdMs: key.createdAt.getTime(), ageDays: ageInDays(key.createdAt, now) }));
  return user.keys.map((key, index) => {
    const replaced = hasNewerActiveKey(siblings[index] as SiblingKey, siblings, settings);
    const state = states[index] as AccessKeyState;
    const ageDays = ageInDays(key.createdAt, now);
    const outlook = outlooks?.get(state.id);
    const next = outlook?.actions[0];
    const nextAction: NextAction | null = next === undefined ? null : next.type === 'WARN' ? (next.announces ?? null) : next.type;
    // A due action is taken by the run it is planned at; an announced or later one on its due date, or by the run that
    // takes it when that comes later (a rotation waiting a day for its make-room deletion).
    const nextActionDate =
      outlook === undefined || next === undefined ? null : isoDay(outlook.dueNow ? outlook.at : new Date(Math.max(outlook.at.getTime(), next.dueAt.getTime())));
    const row: KeyRow = {
      accountId: account.accountId,
      accountName: account.accountName,
      userName: user.userName,
      accessKeyId: key.id,
      status: key.status,
      createdAt: key.createdAt.toISOString(),
      ageDays,
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      lastUsedService: key.lastUsedService ?? null,
      lastUsedRegion: key.lastUsedRegion ?? null,
      exemptReason: alone ? leftAloneText(alone, until) : null,
      exemptUntil: alone && until ? isoDay(until.getTime() - 1) : null,
      nextAction,
      nextActionDate,
      reason: reasonText(key, alone, until, outlook, settings),
    };
    return {
      row,
      // A key whose deactivation the engine postpones (in use, InUseKeyAction Postpone) stands postponed.
      standing: standingOf({ status: key.status, ageDays, ...(alone ? { leftAlone: alone.standing } : {}), postponed: next?.type === 'POSTPONE', replaced }, settings),
      ageDays,
      until: alone ? (until ?? null) : null,
    };
  });
}

/** How a row's reason opens for a user left alone; row-standing.ts reads a row's standing back from it. */
export const LEFT_ALONE_WORDS: Readonly<Record<LeftAlone['standing'], string>> = { exempt: 'exempt', held: 'on hold' };
/** Between the exemption's cause and its last day in `exemptReason`; row-standing.ts reads the day back. */
export const UNTIL_WORD = ' until ';

function leftAloneText(alone: LeftAlone, until: Date | undefined): string {
  return until ? `${alone.because}${UNTIL_WORD}${isoDay(until.getTime() - 1)}` : alone.because;
}

function reasonText(
  key: KnownKey,
  alone: LeftAlone | undefined,
  until: Date | undefined,
  outlook: KeyOutlook | undefined,
  settings: LifecycleSettings,
): string {
  const what = outlook
    ? reasonFor(outlook.actions, { settings, ageDays: ageInDays(key.createdAt, outlook.at), dueNow: outlook.dueNow, at: outlook.at })
    : 'nothing scheduled';
  const first = outlook?.actions[0];
  const stops = first?.type === 'WARN' ? first.announces : first?.type;
  // Never silently break a workload: a step that stops a key in use says where it was last used.
  const inUse =
    key.status === 'Active' && key.lastUsedAt && (stops === 'DEACTIVATE' || stops === 'DELETE')
      ? ` (last used ${isoDay(key.lastUsedAt)}${usedWhere({ service: key.lastUsedService, region: key.lastUsedRegion })})`
      : '';
  if (!alone) return `${what}${inUse}`;
  const label = LEFT_ALONE_WORDS[alone.standing];
  if (!until) return `${label} (${alone.because}): never rotated`;
  return `${label} until ${isoDay(until.getTime() - 1)} (${alone.because}), then: ${what}${inUse}`;
}
