import type { ClientPlugin } from '../../functions/core/aws/plugins';

export interface LoggedRequest {
  /** "Service.Operation", e.g. "SecretsManager.PutResourcePolicy". */
  readonly operation: string;
  /** The command's input as sent (a shallow copy). */
  readonly input: Readonly<Record<string, unknown>>;
}

/**
 * Records every AWS request in the order sent, with its input, through SDK
 * middleware: what order-sensitive tests (policy before value) assert on.
 */
export class RequestLog {
  readonly sent: LoggedRequest[] = [];

  readonly plugin: ClientPlugin = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          const service = context.clientName?.replace(/Client$/, '') ?? '?';
          this.sent.push({ operation: `${service}.${context.commandName?.replace(/Command$/, '') ?? '?'}`, input: { ...(args.input as Record<string, unknown>) } });
          return next(args);
        },
        { step: 'initialize', name: 'testRequestLog' },
      );
    },
  };

  /** The operations of one service, without its prefix, in order. */
  of(service: string): LoggedRequest[] {
    return this.sent.filter((r) => r.operation.startsWith(`${service}.`)).map((r) => ({ ...r, operation: r.operation.slice(service.length + 1) }));
  }
}
