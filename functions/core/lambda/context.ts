import type { Context } from 'aws-lambda';

/**
 * The part of Lambda's context the functions read. Lambda always passes the
 * whole context; tests, the demo and the bench pass these fields, or none.
 */
export type InvocationContext = Pick<Context, 'awsRequestId'> &
  Partial<Pick<Context, 'functionName' | 'functionVersion' | 'invokedFunctionArn' | 'memoryLimitInMB' | 'getRemainingTimeInMillis'>>;

/** One invocation of a function, whatever invoked it. */
export type LambdaHandler<R> = (event: unknown, context?: InvocationContext) => Promise<R>;

const FUNCTION_ARN = /^arn:[\w-]+:lambda:([a-z0-9-]+):(\d{12}):function:/;

/** The account the function runs in, read from its own ARN in the context (Lambda sets no variable for it). */
export function ownAccount(context: InvocationContext | undefined): string | undefined {
  return context?.invokedFunctionArn ? FUNCTION_ARN.exec(context.invokedFunctionArn)?.[2] : undefined;
}
