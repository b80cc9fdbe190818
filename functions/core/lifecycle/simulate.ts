import { PlanSimulationError } from './errors';
import type { AccessKeyState, PlannedAction, UserPlan } from './types';

/** IAM refuses a third access key per user (LimitExceeded). */
export const MAX_KEYS_PER_USER = 2;

/**
 * The keys a user will have once `plan` has been carried out at `now`, as IAM
 * would leave them: ROTATE adds an active, never-used key `newKeyId` created at
 * `now` and leaves the replaced key as it was; DEACTIVATE makes a key
 * inactive and records when (`deactivatedAt`) and why (`madeRoomFor`), as the
 * rotation function's record on the user does; DELETE removes it; WARN and
 * POSTPONE change nothing. Pure: the input is not modified. Throws PlanSimulationError where IAM would refuse the call, so a
 * plan that could not be applied does not pass for one that can.
 */
export function applyPlan(keys: readonly AccessKeyState[], plan: UserPlan, now: Date, newKeyId: string): AccessKeyState[] {
  return simulateSteps(keys, plan, now, newKeyId).at(-1) ?? copyKeys(keys);
}

/** The keys after each action of the plan in turn (one entry per action): what a run interrupted after any step leaves behind. */
export function simulateSteps(keys: readonly AccessKeyState[], plan: UserPlan, now: Date, newKeyId: string): AccessKeyState[][] {
  const steps: AccessKeyState[][] = [];
  let state = copyKeys(keys);
  let rotated = false;
  for (const action of plan.actions) {
    if (action.type === 'ROTATE') {
      if (rotated) throw new PlanSimulationError(plan.userName, 'the plan rotates twice, but one run creates at most one key');
      rotated = true;
    }
    state = applyAction(state, action, plan.userName, now, newKeyId);
    steps.push(state);
  }
  return steps;
}

function applyAction(keys: readonly AccessKeyState[], action: PlannedAction, userName: string, now: Date, newKeyId: string): AccessKeyState[] {
  const target = keys.find((key) => key.id === action.keyId);
  if (target === undefined) throw new PlanSimulationError(userName, `${action.type} ${action.keyId}: the user has no such key`);
  switch (action.type) {
    case 'WARN':
    case 'POSTPONE':
      return copyKeys(keys);
    case 'ROTATE': {
      if (keys.length >= MAX_KEYS_PER_USER) {
        throw new PlanSimulationError(userName, `ROTATE ${action.keyId}: the user already has ${keys.length} keys (IAM allows ${MAX_KEYS_PER_USER})`);
      }
      if (keys.some((key) => key.id === newKeyId)) throw new PlanSimulationError(userName, `ROTATE: a key ${newKeyId} already exists`);
      return [...copyKeys(keys), { id: newKeyId, status: 'Active', createdAt: new Date(now.getTime()), lastUsedAt: undefined }];
    }
    case 'DEACTIVATE':
      return keys.map((key) =>
        key === target
          ? { ...withoutRoom(copyKey(key)), status: 'Inactive', deactivatedAt: new Date(now.getTime()), ...(action.madeRoomFor ? { madeRoomFor: action.madeRoomFor } : {}) }
          : copyKey(key),
      );
    case 'DELETE':
      return keys.filter((key) => key !== target).map(copyKey);
  }
}

function copyKeys(keys: readonly AccessKeyState[]): AccessKeyState[] {
  return keys.map(copyKey);
}

function withoutRoom(key: AccessKeyState): AccessKeyState {
  const { madeRoomFor: _ignored, ...rest } = key;
  return rest;
}

// Fresh Date objects: Dates are mutable, and a simulated state must not alias the caller's keys.
function copyKey(key: AccessKeyState): AccessKeyState {
  return {
    id: key.id,
    status: key.status,
    createdAt: new Date(key.createdAt.getTime()),
    lastUsedAt: key.lastUsedAt === undefined ? undefined : new Date(key.lastUsedAt.getTime()),
    ...(key.lastUsedService === undefined ? {} : { lastUsedService: key.lastUsedService }),
    ...(key.lastUsedRegion === undefined ? {} : { lastUsedRegion: key.lastUsedRegion }),
    ...(key.deactivatedAt === undefined ? {} : { deactivatedAt: new Date(key.deactivatedAt.getTime()) }),
    ...(key.madeRoomFor === undefined ? {} : { madeRoomFor: key.madeRoomFor }),
  };
}
