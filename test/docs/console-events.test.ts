import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONSOLE_EVENTS } from '../../console-events';
import { parseInventoryEvent } from '../../functions/inventory/event';
import { parseNotifierEvent } from '../../functions/notifier/event';
import { parseRotationRequest } from '../../functions/rotation/event/request';
import { BUILT_IN_TEMPLATES } from '../../functions/notifier/templates/builtin';
import type { FunctionKey } from '../../contract/names';

const DIR = path.join(__dirname, '..', '..', 'console-events');

/** Each function's own input validation: what the Lambda console's Test button meets first. */
const VALIDATE: Record<FunctionKey, (event: unknown) => unknown> = {
  rotation: parseRotationRequest,
  inventory: (event) => parseInventoryEvent(event, 'console-test'),
  notifier: parseNotifierEvent,
};

describe('console test events shipped in dist/Test Units/', () => {
  test('every file in console-events/ is mapped to the function it is for, and every mapping has its file', async () => {
    const files = (await readdir(DIR)).filter((name) => name.endsWith('.json')).sort();
    expect(CONSOLE_EVENTS.map((e) => e.file).sort()).toEqual(files);
  });

  test.each(CONSOLE_EVENTS.map((e) => [e.file, e.target] as const))('%s passes the %s function’s input validation', async (file, target) => {
    const event = JSON.parse(await readFile(path.join(DIR, file), 'utf8')) as unknown;
    expect(() => VALIDATE[target](event)).not.toThrow();
  });

  test('the forced rotation event, despite its classic file name, is a rotation event that forces one user', async () => {
    const event = JSON.parse(await readFile(path.join(DIR, 'Force Rotation of IAM Key (Use with AccountInventoryLambdaFunction).json'), 'utf8')) as unknown;
    expect(parseRotationRequest(event).forceRotate).toEqual(['svc-deploy']);
    expect(() => parseInventoryEvent(event, 'console-test')).toThrow();
  });

  test('the operator events: an emergency rotation of every user with DeactivateOld, and a reactivation', async () => {
    const read = async (file: string) => JSON.parse(await readFile(path.join(DIR, file), 'utf8')) as unknown;
    expect(parseRotationRequest(await read('Emergency Rotation of Every Key in an Account (Use with AccessKeyRotateLambdaFunction).json'))).toMatchObject({
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
