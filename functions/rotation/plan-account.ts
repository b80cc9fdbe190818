import type { IAMClient } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { AwsDependencies } from '../core/aws/plugins';
import type { DeliveryState, LifecycleSettings, Planner, UserPlan } from '../core/lifecycle/types';
import type { Logger } from '../core/log/logger';
import type { Ledger } from '../core/ledger/schema';
import { assumeRole, iamClient, stsClient } from './aws/clients';
import { nameKeys, type NamedKeys } from './ledger/name-keys';
import { observeAccount, type AccountObservation, type ObservedUser } from './observe/account';
import type { CredentialReportPolling } from './observe/credential-report';

export interface PlanAccountOptions {
  readonly settings: LifecycleSettings;
  readonly exemptionGroup: string;
  readonly exemptionTagKey: string;
  /** Users named by a ForceRotate operator event. */
  readonly forceRotate: readonly string[];
  /** ForceRotate "*": every user that is neither exempt nor on hold. */
  readonly forceAll?: boolean;
  /** DeactivateOld: the forced users' replaced keys are deactivated in the same run. */
  readonly deactivateOld?: boolean;
  /** Look at the forced users only (an operator event in an account the rollout keeps in audit mode). */
  readonly onlyForced?: boolean;
  /** The stack's region: the clients', and an SES SMTP user's password's unless tagged otherwise. */
  readonly region: string;
  readonly aws: AwsDependencies;
  readonly now: Date;
  readonly plan: Planner;
  /** Users worked on at once within the account (IAM throttles per account). */
  readonly concurrency: number;
  readonly polling: CredentialReportPolling;
  readonly logger: Logger;
  /**
   * After observing, before planning: each user's delivery state (issue 21),
   * from what was observed. Undefined: no delivery configured.
   */
  readonly deliveryStates?: (observation: AccountObservation, credentials: AwsCredentialIdentity) => Promise<ReadonlyMap<string, DeliveryState>>;
  /**
   * The account's key ledger (a working copy, updated in place): with it, every
   * key the run saw gets an id, listing only users whose report row changed.
   */
  readonly ledger?: Ledger;
}

/**
 * How to get into the account: the role to assume there (the rotation
 * function always; `npm run plan` across accounts), or credentials that are
 * already in it (`npm run plan` in the caller's own account).
 */
export type AccountAccess = { readonly roleArn: string } | { readonly credentials: AwsCredentialIdentity };

export interface PlannedUser {
  readonly observed: ObservedUser;
  readonly plan: UserPlan;
}

export interface AccountPlan {
  readonly credentials: AwsCredentialIdentity;
  readonly iam: IAMClient;
  readonly observation: AccountObservation;
  /** The engine's plan for every examined user, in the observation's order. */
  readonly users: readonly PlannedUser[];
  /** With a ledger: the ids of keys the observation left without (see nameKeys). */
  readonly named?: NamedKeys;
}

/**
 * Everything the rotation function does before it changes anything: get into
 * the account, observe it, plan each examined user. `npm run plan` calls this
 * same function with read-only clients, so the plan it prints is the rotation
 * function's plan by construction, not a re-implementation of it.
 */
export async function planAccount(access: AccountAccess, options: PlanAccountOptions): Promise<AccountPlan> {
  const clients = { region: options.region, deps: options.aws };
  const credentials = 'roleArn' in access ? await assumeRole(stsClient(clients), access.roleArn) : access.credentials;
  const iam = iamClient(clients, credentials);
  const observation = await observeAccount(iam, {
    settings: options.settings,
    exemptionGroup: options.exemptionGroup,
    exemptionTagKey: options.exemptionTagKey,
    forceRotate: options.forceRotate,
    forceAll: options.forceAll ?? false,
    ...(options.onlyForced ? { onlyForced: true } : {}),
    now: options.now,
    region: options.region,
    plan: options.plan,
    concurrency: options.concurrency,
    polling: options.polling,
    logger: options.logger,
  });
  const states = options.deliveryStates ? await options.deliveryStates(observation, credentials) : new Map<string, DeliveryState>();
  const users = observation.examined.map((observed) => {
    const delivery = states.get(observed.user.userName);
    return {
    observed,
    plan: options.plan({
      userName: observed.user.userName,
      keys: observed.keys,
      settings: options.settings,
      exempt: false,
      tags: observed.facts.tags,
      forceRotate: observed.forced,
      deactivateOld: observed.forced && options.deactivateOld === true,
      ...(delivery ? { delivery } : {}),
      now: options.now,
    }),
    };
  });
  const named = options.ledger ? await nameKeys(iam, observation, options.ledger, options) : undefined;
  return { credentials, iam, observation, users, ...(named ? { named } : {}) };
}
