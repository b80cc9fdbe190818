import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONSOLE_EVENTS, targetOf, USE_WITH } from '../../console-events';
import { FUNCTION_IDS } from '../../templates-src/main-stack/logical-ids';
import { parseInventoryEvent } from '../../functions/inventory/event';
import { parseNotifierEvent } from '../../functions/notifier/event';
import { parseRotationRequest } from '../../functions/rotation/event/request';
import { BUILT_IN_TEMPLATES } from '../../functions/notifier/templates/builtin';
import type { FunctionKey } from '../../contract/names';

const DIR = path.join(__dirname, '..', '..', 'console-events');
const CONSOLE = { region: 'us-east-1', context: { awsRequestId: 'console-test' } };

/** Each function's own input validation: what the Lambda console's Test button meets first. */
const VALIDATE: Record<FunctionKey, (event: unknown) => unknown> = {
  rotation: parseRotationRequest,
  inventory: (event) => parseInventoryEvent(event, CONSOLE),
  notifier: parseNotifierEvent,
};

describe('console test events shipped in dist/Test Units/', () => {
  test('every file in console-events/ names, as "(Use with <logical id>)", the function it is for', async () => {
    const files = (await readdir(DIR)).filter((name) => name.endsWith('.json')).sort();
    expect(CONSOLE_EVENTS.map((e) => e.file)).toEqual(files);
    expect(CONSOLE_EVENTS.filter((e) => e.target === undefined).map((e) => e.file)).toEqual([]);
  });

  test('the names use the main stack\'s logical ids of the functions', () => {
    expect(Object.fromEntries(Object.entries(USE_WITH).map(([id, key]) => [key, id]))).toEqual(FUNCTION_IDS);
    expect(targetOf('x (Use with AccountInventoryLambdaFunction).json')).toBe('inventory');
    expect(targetOf('x (Use with SomethingElse).json')).toBeUndefined();
    expect(targetOf('x.json')).toBeUndefined();
  });

  test.each(CONSOLE_EVENTS.map((e) => [e.file, e.target] as const))('%s passes the %s function’s input validation', async (file, target) => {
    const event = JSON.parse(await readFile(path.join(DIR, file), 'utf8')) as unknown;
    if (target === undefined) throw new Error(`${file} names no function`);
    await expect(Promise.resolve().then(() => VALIDATE[target](event))).resolves.toBeDefined();
  });

  test('the forced rotation event is named after the rotation function, which forces one user; the inventory refuses it', async () => {
    const event = JSON.parse(await readFile(path.join(DIR, 'Force Rotation of IAM Key (Use with AccessKeyRotateLambdaFunction).json'), 'utf8')) as unknown;
    expect(parseRotationRequest(event).forceRotate).toEqual(['svc-deploy']);
    await expect(parseInventoryEvent(event, CONSOLE)).rejects.toThrow(/unknown field/);
  });

  test('the operator events: an emergency rotation of every user with DeactivateOld, and a reactivation', async () => {
    const read = async (file: string) => JSON.parse(await readFile(path.join(DIR, file), 'utf8')) as unknown;
    expect(parseRotationRequest(await read('Force Rotation of IAM Keys of All Users, Old Keys Deactivated (Use with AccessKeyRotateLambdaFunction).json'))).toMatchObject({
      forceAll: true,
      deactivateOld: true,
    });
    expect(parseRotationRequest(await read('Reactivate a Key the Tool Deactivated (Use with AccessKeyRotateLambdaFunction).json'))).toMatchObject({
      reactivate: 'svc-deploy',
      forceRotate: [],
    });
  });

  test('the forced notification names an email template that ships', async () => {
    const event = JSON.parse(await readFile(path.join(DIR, 'Force Notification (Use with NotifierLambdaFunction).json'), 'utf8')) as {
      email_template: string;
    };
    expect(Object.keys(BUILT_IN_TEMPLATES)).toContain(event.email_template);
  });

  test('the validation is real: a rotation event without a 12-digit account is refused, naming the field', () => {
    expect(() => parseRotationRequest({ account: '1234' })).toThrow(/account/);
    expect(() => parseRotationRequest({ name: 'no account' })).toThrow(/account/);
  });
});
