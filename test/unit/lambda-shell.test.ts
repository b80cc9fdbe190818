import { invocationShell } from '../../functions/core/lambda/handler';
import { createLogger } from '../../functions/core/log/logger';
import { SCRUBBED, scrubber } from '../../functions/core/scrub/scrub';

/** The shell every invocation runs in: what it hands back to Lambda is scrubbed, and the logger learns the invocation. */
const SHAPED = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

class StepFailed extends Error {
  override readonly name = 'StepFailed';
}

describe('invocationShell', () => {
  test('the result is a scrubbed copy: key-shaped and remembered secrets are cut out, keys of objects too', async () => {
    const remembered = 'not-key-shaped-but-remembered-secret-value-123';
    scrubber.remember(remembered);
    const handler = invocationShell(createLogger('t', { sink: () => undefined }), async () => ({ echo: `x ${SHAPED}`, [remembered]: [remembered] }));
    expect(await handler({}, { awsRequestId: 'r' })).toEqual({ echo: `x ${SCRUBBED}`, [SCRUBBED]: [SCRUBBED] });
  });

  test('a thrown error keeps its class and loses the secret from message and stack', async () => {
    const handler = invocationShell(createLogger('t', { sink: () => undefined }), async () => {
      throw new StepFailed(`PutSecretValue echoed ${SHAPED}`);
    });
    const error = await handler({}, { awsRequestId: 'r' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailed);
    expect((error as Error).message).toBe(`PutSecretValue echoed ${SCRUBBED}`);
    expect((error as Error).stack).not.toContain(SHAPED);
  });

  test('every line logged during an invocation names it (function_request_id)', async () => {
    const lines: string[] = [];
    const logger = createLogger('t', { sink: (line) => lines.push(line) });
    const handler = invocationShell(logger, async () => logger.info('working'));
    await handler({}, { awsRequestId: 'req-42', functionName: 'fn' });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ message: 'working', function_request_id: 'req-42', function_name: 'fn' });
  });
});
