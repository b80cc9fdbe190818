import { InvalidPlanInputError } from './errors';
import { validateSettingValues } from './settings';
import { MAX_KEYS_PER_USER } from './simulate';
import type { PlanInput, RoomFor } from './types';

const ROOM_FOR: ReadonlySet<RoomFor> = new Set(['ROTATION', 'FORCED_ROTATION', 'FORCED_ROTATION_DEACTIVATE_OLD']);

/**
 * Rejects input that no real IAM user can have. The rotation function builds
 * PlanInput from SDK responses, so this guards against a mapping bug turning
 * into a wrong deletion.
 */
export function validatePlanInput(input: PlanInput): void {
  const { userName, keys } = input;
  validateSettingValues(input.settings);
  if (!isValidDate(input.now)) throw new InvalidPlanInputError(userName, '`now` is not a valid date');
  if (keys.length > MAX_KEYS_PER_USER) {
    throw new InvalidPlanInputError(userName, `${keys.length} access keys given; IAM allows at most ${MAX_KEYS_PER_USER} per user`);
  }
  const ids = new Set<string>();
  for (const key of keys) {
    if (key.id === '') throw new InvalidPlanInputError(userName, 'an access key has an empty id');
    if (ids.has(key.id)) throw new InvalidPlanInputError(userName, `access key ${key.id} is given twice`);
    ids.add(key.id);
    if (key.status !== 'Active' && key.status !== 'Inactive') {
      throw new InvalidPlanInputError(userName, `access key ${key.id} has status "${String(key.status)}"; expected Active or Inactive`);
    }
    if (!isValidDate(key.createdAt)) throw new InvalidPlanInputError(userName, `access key ${key.id} has no valid creation date`);
    if (key.lastUsedAt !== undefined && !isValidDate(key.lastUsedAt)) {
      throw new InvalidPlanInputError(userName, `access key ${key.id} has an invalid last-used date`);
    }
    if (key.deactivatedAt !== undefined && !isValidDate(key.deactivatedAt)) {
      throw new InvalidPlanInputError(userName, `access key ${key.id} has an invalid deactivation date`);
    }
    if (key.madeRoomFor !== undefined && !ROOM_FOR.has(key.madeRoomFor)) {
      throw new InvalidPlanInputError(userName, `access key ${key.id} was deactivated to make room for "${String(key.madeRoomFor)}", which is not a rotation kind`);
    }
  }
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
