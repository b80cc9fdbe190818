import type { PutSecretValueCommandInput } from '@aws-sdk/client-secrets-manager';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';
import { createLogger } from '../../../functions/core/log/logger';
import { SCRUBBED } from '../../../functions/core/scrub/scrub';
import { createNotifierHandler } from '../../../functions/notifier/handler';
import { seedUser } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { sqsEvent, sqsRecord } from '../../harness/sqs-event';
import { mailDuring, notifierEnv, prepare } from '../notifier/fixture';
import { ACCOUNT_EMAIL, createWorld, drainBodies, invoke, OWNER_TAG, type World } from '../rotation/fixture';

/**
 * Issue 10, "Scrubbed text": an error whose message echoes the request that
 * stored a new key carries that key's SecretAccessKey. It must not reach any
 * output: a log line of either function, a queue message, an email, a
 * handler's result. The fault below fails PutSecretValue the way a service
 * or proxy that echoes its input would, with the secret raw (inside the
 * JSON), URL-encoded (as in a form body) and inside a longer token (where
 * only remembering the secret finds it, not its shape).
 */
class EchoingFault {
  readonly secrets: string[] = [];

  readonly plugin: ClientPlugin = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'PutSecretValueCommand') return next(args);
          const input = args.input as PutSecretValueCommandInput;
          const secret = (JSON.parse(input.SecretString ?? '{}') as { SecretAccessKey?: string }).SecretAccessKey ?? '';
          this.secrets.push(secret);
          const error = new Error(
            `1 validation error detected: could not store ${input.SecretString}; request SecretString=${encodeURIComponent(input.SecretString ?? '')}; token AAAA${secret}BBBB`,
          );
          error.name = 'ValidationException';
          throw error;
        },
        { step: 'initialize', name: 'testEchoingFault' },
      );
    },
  };
}

const moto = useMoto();
const NOW = new Date(Date.UTC(2026, 0, 5, 9, 0, 0));

interface Outputs {
  readonly rotationResult: string;
  readonly rotationLog: readonly string[];
  readonly queueMessages: readonly string[];
  readonly notifierResult: string;
  readonly notifierLog: readonly string[];
  readonly emails: readonly string[];
}

let world: World;
let fault: EchoingFault;
let outputs: Outputs;

beforeAll(async () => {
  await moto.reset();
  world = await createWorld(moto);
  await prepare(moto);
  await seedUser(moto, world.member, { name: 'leaky', tags: { [OWNER_TAG]: 'leaky-owner@example.com' }, keys: [{ ageDays: 120, lastUsedDaysAgo: 1 }] }, NOW);
  await moto.clock.set(NOW);

  fault = new EchoingFault();
  const rotation = await invoke(world, { account: world.memberId, email: ACCOUNT_EMAIL }, { now: NOW, plugins: [fault.plugin] });
  const queueMessages = await drainBodies(moto, world.queueUrl);

  const notifierLog: string[] = [];
  const notifier = createNotifierHandler({ env: notifierEnv(), logger: createLogger('notifier', { level: 'DEBUG', sink: (line) => notifierLog.push(line) }) });
  let notifierResult: unknown;
  const mails = await mailDuring(moto, async () => {
    notifierResult = await notifier(sqsEvent(...queueMessages.map((body) => sqsRecord(body))), { awsRequestId: 'notify-1' });
  });
  outputs = {
    rotationResult: JSON.stringify(rotation.result),
    rotationLog: rotation.logLines,
    queueMessages,
    notifierResult: JSON.stringify(notifierResult),
    notifierLog,
    emails: mails.map((mail) => JSON.stringify(mail)),
  };
});

test('the fault saw the new key, and its echo reached every kind of output (the search below is not vacuous)', () => {
  expect(fault.secrets).toHaveLength(1);
  expect(fault.secrets[0]).toMatch(/^[A-Za-z0-9/+]{40}$/);
  const echo = /could not store/;
  // The summary names the failure; the error text goes to the log and the messages.
  expect(JSON.parse(outputs.rotationResult)).toMatchObject({ actions: { ROTATE: { ROLLED_BACK: 1 } }, failures: [expect.stringMatching(/^leaky: /)] });
  expect(outputs.rotationLog.some((line) => echo.test(line))).toBe(true);
  expect(outputs.queueMessages.length).toBeGreaterThanOrEqual(3);
  expect(outputs.queueMessages.every((body) => echo.test(body))).toBe(true);
  expect(outputs.emails.length).toBeGreaterThanOrEqual(3);
  expect(outputs.emails.every((mail) => echo.test(mail))).toBe(true);
  expect(JSON.parse(outputs.notifierResult)).toEqual({ batchItemFailures: [] });
});

test.each<[string, (o: Outputs) => readonly string[], boolean]>([
  ["the rotation handler's result", (o) => [o.rotationResult], false],
  ["the rotation function's log lines", (o) => o.rotationLog, true],
  ['the queued notification messages', (o) => o.queueMessages, true],
  ["the notifier's result", (o) => [o.notifierResult], false],
  ["the notifier's log lines", (o) => o.notifierLog, false],
  ['the emails SES accepted (subject and bodies)', (o) => o.emails, true],
])('%s hold the secret access key in no form', (_, pick, carriedTheEcho) => {
  const secret = fault.secrets[0] ?? '';
  const texts = pick(outputs);
  expect(texts.length).toBeGreaterThan(0);
  const forms = [secret, encodeURIComponent(secret), secret.replace(/\//g, '\\/'), secret.slice(0, 20), secret.slice(20)];
  for (const text of texts) for (const form of forms) expect(text).not.toContain(form);
  // Where the echo went, the place the secret was cut out is marked.
  if (carriedTheEcho) expect(texts.join('\n')).toContain(SCRUBBED);
});

describe('an error that reaches the caller', () => {
  /** Fails SendMessageBatch with an error that repeats the secret it got from the echoing fault, as a confused endpoint might. */
  function queueFailureEchoing(secret: () => string): ClientPlugin {
    return {
      applyToStack: (stack) => {
        stack.add(
          (next, context) => async (args) => {
            if (context.commandName !== 'SendMessageBatchCommand') return next(args);
            const error = new Error(`queue rejected the batch after ${secret()}`);
            error.name = 'InternalError';
            throw error;
          },
          { step: 'initialize', name: 'testQueueFailureEchoing' },
        );
      },
    };
  }

  test("is thrown to Lambda (and so to the console or a destination) scrubbed, message and stack, keeping its class", async () => {
    await moto.reset();
    world = await createWorld(moto);
    await seedUser(moto, world.member, { name: 'leaky', keys: [{ ageDays: 120, lastUsedDaysAgo: 1 }] }, NOW);
    await moto.clock.set(NOW);
    const echoing = new EchoingFault();
    const failing = queueFailureEchoing(() => echoing.secrets[0] ?? '');
    const error = await invoke(world, { account: world.memberId }, { now: NOW, plugins: [echoing.plugin, failing] }).catch((e: unknown) => e);
    const secret = echoing.secrets[0] ?? '';
    expect(secret).toHaveLength(40);
    expect(error).toMatchObject({ name: 'NotificationQueueError' });
    const { message, stack } = error as Error;
    expect(message).toMatch(/queue rejected the batch after \[SCRUBBED\]/);
    expect(message).not.toContain(secret);
    expect(stack).not.toContain(secret);
  });
});

test("what the notifier adds itself (here a console payload's value) leaves in its email scrubbed", async () => {
  await prepare(moto);
  const shaped = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const notifier = createNotifierHandler({ env: notifierEnv(), logger: createLogger('notifier', { sink: () => undefined }) });
  const mails = await mailDuring(moto, () =>
    notifier({ email: 'owner@example.com', subject: `key ${shaped}`, template_values: { account_id: '111122223333', account_name: `pasted ${shaped}` } }, { awsRequestId: 'n' }),
  );
  expect(mails).toHaveLength(1);
  const mail = JSON.stringify(mails[0]);
  expect(mail).not.toContain(shaped);
  expect(mail).toContain(`key ${SCRUBBED}`);
  expect(mail).toContain(`pasted ${SCRUBBED}`);
});
