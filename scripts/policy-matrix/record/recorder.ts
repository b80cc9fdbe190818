/**
 * Records every AWS request a function sends while it runs in-process (tests,
 * `npm run policy-matrix`), with who sent it: SDK middleware on every client
 * reads the access key id from the signed request; an AssumeRole response
 * maps the key it hands out to the role; the process's own credentials,
 * inside a handler invocation, are the function's execution role. Which
 * handler is running comes from an AsyncLocalStorage around each invocation,
 * so what a test does itself (seeding, asserting) is never attributed to a
 * function. What AWS does for the caller (Lambda assuming the execution role,
 * writing its logs, polling its queue; Secrets Manager calling KMS) is added
 * as implied requests.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from '@smithy/core/client';
import { FUNCTION_NAMES, TEMPLATE_FILES, type FunctionKey } from '../../../contract/names';
import { committedTemplate } from '../deployment/stacks';
import type { JsonObject } from '../resolve/resolve-stack';
import { partitionOf } from '../../../functions/core/aws/partition';
import { deriveRequests, PENDING_SECRET, secretArnOf, type Knowledge, type SentCall } from './operations';
import type { RecordedInvocation, RecordedPrincipal, RecordedRequest } from './records';

interface Invocation {
  readonly fn: FunctionKey;
  readonly env: Record<string, string>;
  readonly source: string;
  readonly requests: RecordedRequest[];
  sent: number;
}

interface SecretFacts {
  primary?: string;
  replicas: Map<string, string | undefined>;
  hasValue: boolean;
}

/** The variables the main template sets on any function, and the region: what rebuilds the deployment. */
let templateVariables: Set<string> | undefined;

function templateEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  templateVariables ??= new Set(['AWS_REGION', ...Object.values(committedTemplate(TEMPLATE_FILES.main).Resources as JsonObject).flatMap((resource) => {
    const variables = ((resource as JsonObject).Properties as JsonObject | undefined)?.Environment as JsonObject | undefined;
    return Object.keys((variables?.Variables as JsonObject | undefined) ?? {});
  })]);
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && templateVariables.has(name)) kept[name] = value;
  return kept;
}

let recorders = 0;

type Middleware = (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) => (args: unknown) => Promise<unknown>;
interface Stack {
  add(middleware: Middleware, options: { step: string; name: string; priority?: string; override?: boolean }): void;
}

export class RequestRecorder implements Knowledge {
  readonly invocations: RecordedInvocation[] = [];
  private readonly current = new AsyncLocalStorage<Invocation>();
  private readonly assumed = new Map<string, string>();
  private readonly secrets = new Map<string, string>();
  private readonly secretFacts = new Map<string, SecretFacts>();
  private readonly users = new Map<string, string>();
  private readonly instrumented = new WeakSet<object>();
  /** Each recorder's own middleware name: a test's recorder and the suite-wide one may instrument the same client. */
  private readonly middlewareName = `policyRequestRecorder${++recorders}`;
  private restore: (() => void) | undefined;

  /** @param executionAccountId the account of the process's own credentials: where the functions run. */
  constructor(private readonly executionAccountId: string) {}

  /** Adds the recording middleware to every SDK client the process uses from now on. */
  install(): this {
    if (this.restore) return this;
    const original = Client.prototype.send;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const recorder = this;
    Client.prototype.send = function (this: Client<never, never, never, never>, ...args: Parameters<typeof original>) {
      recorder.instrument(this);
      return original.apply(this, args);
    } as typeof original;
    this.restore = () => {
      Client.prototype.send = original;
    };
    return this;
  }

  uninstall(): void {
    this.restore?.();
    this.restore = undefined;
  }

  /** Runs one handler invocation as `fn`, recording what it sends. */
  async invoke<T>(fn: FunctionKey, env: Readonly<Record<string, string | undefined>>, source: string, event: unknown, action: () => Promise<T>): Promise<T> {
    const invocation: Invocation = { fn, env: templateEnvironment(env), source, requests: [], sent: 0 };
    try {
      return await this.current.run(invocation, action);
    } finally {
      // An invocation that sent nothing (a bad event, a bad configuration) proves nothing about the policies.
      if (invocation.sent > 0) {
        this.implied(invocation, event);
        this.invocations.push({ fn, env: invocation.env, source, requests: invocation.requests.map((r) => this.finalised(r)) });
      }
    }
  }

  /** Wraps a handler so each call is recorded as an invocation of `fn`. */
  wrap<A extends unknown[], R>(fn: FunctionKey, env: () => Readonly<Record<string, string | undefined>>, source: () => string, handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return (...args: A) => this.invoke(fn, env(), source(), args[0], () => handler(...args));
  }

  // Knowledge, from responses seen so far.
  secretArn(region: string, accountId: string, secretId: string): string | undefined {
    return this.secrets.get(`${region}|${accountId}|${secretId}`);
  }

  userArn(accountId: string, userName: string): string {
    return this.users.get(`${accountId}/${userName}`) ?? `arn:${partitionOf(undefined)}:iam::${accountId}:user/${userName}`;
  }

  secretKeys(secretArn: string): { primary?: string; replicas: { region: string; key?: string }[]; hasValue: boolean } {
    const facts = this.secretFacts.get(secretArn);
    return {
      ...(facts?.primary ? { primary: facts.primary } : {}),
      replicas: [...(facts?.replicas ?? new Map<string, string | undefined>()).entries()].map(([region, key]) => ({ region, ...(key ? { key } : {}) })),
      hasValue: facts?.hasValue ?? false,
    };
  }

  private instrument(client: Client<never, never, never, never>): void {
    if (this.instrumented.has(client)) return;
    this.instrumented.add(client);
    const stack = client.middlewareStack as unknown as Stack;
    stack.add((next, context) => async (args) => this.around(next, context, args), { step: 'deserialize', name: this.middlewareName, priority: 'high' });
  }

  private async around(next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }, args: unknown): Promise<unknown> {
    const invocation = this.current.getStore();
    if (!invocation) return next(args);
    const { input, request } = args as { input?: Record<string, unknown>; request?: { headers?: Record<string, string> } };
    const authorization = Object.entries(request?.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1] ?? '';
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\//.exec(authorization);
    const base = {
      service: (context.clientName ?? '?').replace(/Client$/, ''),
      operation: (context.commandName ?? '?').replace(/Command$/, ''),
      input: input ?? {},
      accessKeyId: scope?.[1] ?? '',
      region: scope?.[2] ?? '',
    };
    let output: Record<string, unknown> | undefined;
    try {
      const result = (await next(args)) as { output?: Record<string, unknown> };
      output = result.output;
      return result;
    } finally {
      this.observe(invocation, { ...base, ...(output ? { output } : {}) });
    }
  }

  private principalOf(accessKeyId: string): RecordedPrincipal {
    const role = this.assumed.get(accessKeyId);
    if (role) return { kind: 'role', arn: role };
    if (accessKeyId !== '' && accessKeyId === process.env.AWS_ACCESS_KEY_ID) return { kind: 'execution' };
    return { kind: 'unknown', accessKeyId };
  }

  private observe(invocation: Invocation, sent: { service: string; operation: string; input: Record<string, unknown>; output?: Record<string, unknown>; accessKeyId: string; region: string }): void {
    invocation.sent += 1;
    const principal = this.principalOf(sent.accessKeyId);
    const principalAccount = principal.kind === 'role' ? (principal.arn.split(':')[4] ?? '') : this.executionAccountId;
    const call: SentCall = { ...sent, partition: partitionOf(sent.region), principalAccount };
    this.learn(call);
    if (!sent.region) {
      invocation.requests.push({ operation: `${sent.service}.${sent.operation}`, principal, action: '?', resource: '?', context: {}, problem: 'unsigned request: no credential scope to attribute it' });
      return;
    }
    for (const derived of deriveRequests(call, this)) invocation.requests.push({ ...derived, principal });
    const credentials = sent.output?.Credentials as { AccessKeyId?: string } | undefined;
    if (call.service === 'STS' && call.operation === 'AssumeRole' && credentials?.AccessKeyId) this.assumed.set(credentials.AccessKeyId, String(call.input.RoleArn));
  }

  /** Remembers ARNs and keys that responses show, so later requests name resources exactly. */
  private learn(call: SentCall): void {
    // aws/secretsmanager is AWS's key under AWS's policy: there is no customer key to simulate.
    const key = (value: unknown, region = call.region): string | undefined =>
      typeof value === 'string' && value !== '' && !/(^|:)alias\/aws\//.test(value)
        ? value.startsWith('arn:') ? value : `arn:${call.partition}:kms:${region}:${call.principalAccount}:key/${value}`
        : undefined;
    const output = call.output ?? {};
    const arn = secretArnOf(output);
    if (call.service === 'SecretsManager' && arn) {
      const name = typeof output.Name === 'string' ? output.Name : arn.replace(/^.*:secret:/, '').replace(/-[A-Za-z0-9]{6}$/, '');
      this.secrets.set(`${call.region}|${call.principalAccount}|${name}`, arn);
      this.secrets.set(`${call.region}|${call.principalAccount}|${arn}`, arn);
      const facts = this.secretFacts.get(arn) ?? { replicas: new Map<string, string | undefined>(), hasValue: false };
      const versions = output.VersionIdsToStages as Record<string, unknown> | undefined;
      const wroteValue = (call.operation === 'PutSecretValue' || call.operation === 'CreateSecret') && (call.input.SecretString !== undefined || call.input.SecretBinary !== undefined);
      if (wroteValue || (call.operation === 'DescribeSecret' && versions !== undefined && Object.keys(versions).length > 0)) facts.hasValue = true;
      const primary = key(call.operation === 'DescribeSecret' ? output.KmsKeyId : call.input.KmsKeyId);
      if (primary && (call.operation !== 'UpdateSecret' || call.input.KmsKeyId !== undefined)) facts.primary = primary;
      const replicas = [
        ...((call.input.AddReplicaRegions as { Region?: string; KmsKeyId?: string }[] | undefined) ?? []),
        ...((output.ReplicationStatus as { Region?: string; KmsKeyId?: string }[] | undefined) ?? []),
      ];
      for (const replica of replicas) if (replica.Region) facts.replicas.set(replica.Region, key(replica.KmsKeyId, replica.Region) ?? facts.replicas.get(replica.Region));
      this.secretFacts.set(arn, facts);
    }
    if (call.service === 'IAM' && call.operation === 'GetAccountAuthorizationDetails') {
      for (const user of (output.UserDetailList as { UserName?: string; Arn?: string }[] | undefined) ?? []) {
        if (user.UserName && user.Arn) this.users.set(`${call.principalAccount}/${user.UserName}`, user.Arn);
      }
    }
  }

  /** Names a secret that no response had shown when the call was made, now that the run is over. */
  private finalised(request: RecordedRequest): RecordedRequest {
    if (!request.resource.startsWith(PENDING_SECRET)) return request;
    const [region, account, name] = request.resource.slice(PENDING_SECRET.length).split('|') as [string, string, string];
    const arn = this.secretArn(region, account, name);
    // Never created in this run (e.g. a failed rotation): AWS authorizes the name; the ARN suffix is then arbitrary.
    return { ...request, resource: arn ?? `arn:${partitionOf(region)}:secretsmanager:${region}:${account}:secret:${name}-AAAAAA` };
  }

  private implied(invocation: Invocation, event: unknown): void {
    const region = invocation.env.AWS_REGION ?? process.env.AWS_REGION ?? 'us-east-1';
    const partition = partitionOf(region);
    const execution: RecordedPrincipal = { kind: 'execution' };
    const name = FUNCTION_NAMES[invocation.fn];
    invocation.requests.push(
      { operation: 'implied: Lambda assumes the execution role', principal: { kind: 'service', name: 'lambda.amazonaws.com' }, action: 'sts:AssumeRole', resource: '${ExecutionRoleArn}', context: {} },
      ...['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({
        operation: 'implied: Lambda writes the function log',
        principal: execution,
        action,
        resource: `arn:${partition}:logs:${region}:${this.executionAccountId}:log-group:/aws/lambda/${name}:log-stream:2026/01/01/[$LATEST]0123456789abcdef`,
        context: {},
      })),
    );
    const records = (event as { Records?: { eventSource?: string }[] } | undefined)?.Records;
    if (Array.isArray(records) && records.some((record) => record.eventSource === 'aws:sqs')) {
      for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes']) {
        invocation.requests.push({ operation: "implied: Lambda's event source mapping polls the queue", principal: execution, action, resource: '${EventSourceQueueArn}', context: {} });
      }
    }
  }
}
