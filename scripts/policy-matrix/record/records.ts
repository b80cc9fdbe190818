/**
 * What the recorder writes: one line per function invocation, with the
 * function, the environment it ran with (from which the deployment that set
 * it is rebuilt) and every AWS request it sent or caused.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FunctionKey } from '../../../contract/names';

export type RecordedPrincipal =
  /** The function's own credentials: its execution role. */
  | { readonly kind: 'execution' }
  /** Credentials from an AssumeRole the function made. */
  | { readonly kind: 'role'; readonly arn: string }
  /** An AWS service acting for the deployment (Lambda assuming the execution role). */
  | { readonly kind: 'service'; readonly name: string }
  /** Credentials the recorder cannot attribute: a failure, never a skip. */
  | { readonly kind: 'unknown'; readonly accessKeyId: string };

export interface RecordedRequest {
  /** `Service.Operation` as the SDK names it, or `implied: …` for what AWS does on the caller's behalf. */
  readonly operation: string;
  readonly principal: RecordedPrincipal;
  readonly action: string;
  /**
   * The exact resource ARN. Placeholders the deployment fills: `${OrganizationId}`,
   * `${ExecutionRoleArn}`, `${EventSourceQueueArn}`.
   */
  readonly resource: string;
  /** Owner of a resource whose ARN names no account (S3). */
  readonly resourceAccount?: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** Why the request could not be derived exactly: reported as a failure. */
  readonly problem?: string;
}

export interface RecordedInvocation {
  readonly fn: FunctionKey;
  /** The environment the handler was built with: what the template set (plus AWS_REGION). */
  readonly env: Readonly<Record<string, string>>;
  /** The test file or scenario that ran it. */
  readonly source: string;
  readonly requests: readonly RecordedRequest[];
}

export function appendInvocations(file: string, invocations: readonly RecordedInvocation[]): void {
  if (invocations.length === 0) return;
  appendFileSync(file, invocations.map((invocation) => `${JSON.stringify(invocation)}\n`).join(''));
}

export function readInvocations(dir: string): RecordedInvocation[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) =>
      readFileSync(path.join(dir, name), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as RecordedInvocation),
    );
}
