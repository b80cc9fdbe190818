import type { RoomFor } from './types';

/**
 * The record this tool keeps of the keys it deactivated, as the value of the
 * user tag IAMKeyRotationDeactivated: `<keyId>@<ISO time>` per key, separated
 * by spaces (IAM tag values allow no commas), with `+rotation`, `+forced` or
 * `+forced-deactivate-old` when the key was deactivated to make room for a
 * rotation. IAM does not say when a key was deactivated; this record is what
 * lets the grace period count from the real deactivation, the next run carry
 * a rotation on, and a Reactivate event touch only a key this tool switched off.
 */
export interface DeactivationEntry {
  readonly keyId: string;
  readonly at: Date;
  readonly madeRoomFor?: RoomFor;
}

const SUFFIX: Readonly<Record<RoomFor, string>> = {
  ROTATION: 'rotation',
  FORCED_ROTATION: 'forced',
  FORCED_ROTATION_DEACTIVATE_OLD: 'forced-deactivate-old',
};
const ROOM_FOR = new Map(Object.entries(SUFFIX).map(([room, suffix]) => [suffix, room as RoomFor]));
const ENTRY = /^([A-Z0-9]{16,128})@(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z)(?:\+([a-z-]+))?$/;

/** IAM's limit on a tag value. Two entries (IAM's two keys) take about 110 characters. */
export const MAX_RECORD_LENGTH = 256;

export interface ParsedRecord {
  readonly entries: readonly DeactivationEntry[];
  /** Parts that are not entries (edited by hand?): reported, never acted on. */
  readonly unreadable: readonly string[];
}

export function parseDeactivationRecord(value: string | undefined): ParsedRecord {
  const entries = new Map<string, DeactivationEntry>();
  const unreadable: string[] = [];
  for (const part of (value ?? '').split(/\s+/).filter((p) => p.length > 0)) {
    const match = ENTRY.exec(part);
    const at = match ? new Date(match[2] ?? '') : undefined;
    const room = match?.[3] === undefined ? undefined : ROOM_FOR.get(match[3]);
    if (!match || !at || Number.isNaN(at.getTime()) || (match[3] !== undefined && room === undefined)) {
      unreadable.push(part);
      continue;
    }
    const keyId = match[1] ?? '';
    const previous = entries.get(keyId);
    // The same key twice: the later deactivation is the one that counts.
    if (!previous || previous.at.getTime() < at.getTime()) entries.set(keyId, { keyId, at, ...(room ? { madeRoomFor: room } : {}) });
  }
  return { entries: [...entries.values()], unreadable };
}

/** The tag value for these entries, oldest first; empty when there are none (the tag is then removed). */
export function formatDeactivationRecord(entries: readonly DeactivationEntry[]): string {
  return [...entries]
    .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0))
    .map((entry) => `${entry.keyId}@${entry.at.toISOString()}${entry.madeRoomFor ? `+${SUFFIX[entry.madeRoomFor]}` : ''}`)
    .join(' ');
}
