/**
 * Lambda entry point (bundled as index.js, `exports.handler`). The handler is
 * built at the first invocation, once per container (core/lambda/start).
 * Also the rotation function's public API: scripts (the plan above all), the
 * bench and tests outside functions/ import the function only from here.
 * Importing this file starts nothing.
 */
import { SERVICE_NAMES } from '../../contract/env/powertools';
import { startOnFirstInvocation } from '../core/lambda/start';
import { createRotationHandler } from './handler';

export { createRotationHandler } from './handler';
export type { RotationDependencies, RotationHandler } from './handler';
export type { RunSummary } from './result/summary';
export { accountKeys } from './account-keys';
export { parseRotationConfig, type RotationConfig } from './config/config';
export { DEFAULT_CREDENTIAL_REPORT_POLLING, type CredentialReportPolling } from './observe/credential-report';
export { listKeys, withLastUsed, type ObservedKey } from './observe/keys';
export { planAccount, type AccountAccess, type AccountPlan, type PlannedUser } from './plan-account';
export { readerPolicy, SECRET_POLICY_SIDS, type SecretPolicyDocument } from './apply/secret-policy';

export const handler = startOnFirstInvocation(SERVICE_NAMES.rotation, (logger, metrics) => createRotationHandler({ logger, metrics }));
