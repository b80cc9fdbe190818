/**
 * Jest setup (setupFilesAfterEnv): records every AWS request the functions'
 * handlers send in any test, for the policy simulation that runs after the
 * whole suite (policy-reporter.js). Each handler factory is wrapped so its
 * invocations run inside the recorder's context; SDK middleware on every
 * client attributes each signed request (scripts/policy-matrix/record).
 */
import path from 'node:path';
import type { FunctionKey } from '../../contract/names';
import { MANAGEMENT_ACCOUNT_ID } from '../../emulator/moto';
import { RequestRecorder } from '../../scripts/policy-matrix/record/recorder';
import { appendInvocations } from '../../scripts/policy-matrix/record/records';

const ROOT = path.resolve(__dirname, '..', '..');
const recorder = new RequestRecorder(MANAGEMENT_ACCOUNT_ID).install();

const source = (): string => {
  const state = expect.getState();
  return `${path.relative(ROOT, state.testPath ?? '?')} › ${state.currentTestName ?? '(outside a test)'}`;
};

type Env = Readonly<Record<string, string | undefined>>;
type Factory = (options?: { env?: Env }) => (...args: never[]) => Promise<unknown>;

/** The module's factory, wrapped: the handler it builds records each invocation as `fn`. */
function wrapFactory(modulePath: string, exportName: string, fn: FunctionKey): void {
  jest.doMock(modulePath, () => {
    const actual = jest.requireActual<Record<string, unknown>>(modulePath);
    const factory = actual[exportName] as Factory;
    const wrapped: Factory = (options) => recorder.wrap(fn, () => options?.env ?? process.env, source, factory(options));
    return { ...actual, [exportName]: wrapped };
  });
}

wrapFactory('../../functions/rotation/handler', 'createRotationHandler', 'rotation');
wrapFactory('../../functions/inventory/handler', 'createInventoryHandler', 'inventory');
wrapFactory('../../functions/notifier/handler', 'createNotifierHandler', 'notifier');

afterAll(() => {
  const dir = process.env.POLICY_RECORDS_DIR;
  if (dir) appendInvocations(path.join(dir, `worker-${process.env.JEST_WORKER_ID ?? '1'}.jsonl`), recorder.invocations.splice(0));
  recorder.uninstall();
});
