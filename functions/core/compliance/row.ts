import type { ActionType, KeyStatus } from '../lifecycle/types';

/** What happens next to a key: an action of the lifecycle table (warnings are not actions on the key). */
export type NextAction = Exclude<ActionType, 'WARN'>;

/**
 * One access key as every compliance output shows it: the plan's JSON, CSV,
 * table and HTML page, and the key report. Dates are ISO 8601;
 * absent values are null, never missing, so every row has the same fields.
 */
export interface KeyRow {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly userName: string;
  /** null when only the credential report saw the key: the report has no key ids. */
  readonly accessKeyId: string | null;
  readonly status: KeyStatus;
  /** The key's creation instant. */
  readonly createdAt: string;
  /** Whole UTC days since the creation day, at the run's (or the plan's) date: the unit the lifecycle counts in. */
  readonly ageDays: number;
  /** null: never used. */
  readonly lastUsedAt: string | null;
  readonly lastUsedService: string | null;
  readonly lastUsedRegion: string | null;
  /** Why the tool leaves the key alone (an exemption or a hold) and until when; null when it does not. */
  readonly exemptReason: string | null;
  /** The last day (YYYY-MM-DD) of that exemption or hold; null when there is none, or it has no end. */
  readonly exemptUntil: string | null;
  /** null: nothing is scheduled (a permanent exemption). */
  readonly nextAction: NextAction | null;
  /** The UTC day (YYYY-MM-DD) of the run that takes the next action: due dates are whole days. */
  readonly nextActionDate: string | null;
  /** Why, in a sentence a key owner understands. */
  readonly reason: string;
}

/** The fields in output order: JSON keys, CSV columns. */
export const KEY_ROW_FIELDS = [
  'accountId',
  'accountName',
  'userName',
  'accessKeyId',
  'status',
  'createdAt',
  'ageDays',
  'lastUsedAt',
  'lastUsedService',
  'lastUsedRegion',
  'exemptReason',
  'exemptUntil',
  'nextAction',
  'nextActionDate',
  'reason',
] as const satisfies readonly (keyof KeyRow)[];

// A field added to KeyRow but not to KEY_ROW_FIELDS would silently drop out of CSV; this fails to compile instead.
type Unlisted = Exclude<keyof KeyRow, (typeof KEY_ROW_FIELDS)[number]>;
const everyFieldListed: Unlisted extends never ? true : never = true;
void everyFieldListed;
