import type { AwsDependencies } from '../functions/core/aws/plugins';
import type { Env } from '../functions/core/config/values';
import { createInventoryHandler } from '../functions/inventory';
import { createNotifierHandler } from '../functions/notifier';
import { createRotationHandler } from '../functions/rotation';
import type { FunctionKey } from '../contract/names';

/** A handler as the bench calls it: one event, the Lambda context filled in here. */
export type Invoke = (event: unknown) => Promise<unknown>;
/** `env` replaces process.env for the handler's configuration (the organization scenario scopes the inventory with it). */
export type HandlerFactory = (deps: AwsDependencies, env?: Env) => Invoke;

let invocation = 0;

function lambdaContext(functionName: string): {
  awsRequestId: string;
  functionName: string;
  invokedFunctionArn: string;
  getRemainingTimeInMillis(): number;
} {
  invocation++;
  return {
    awsRequestId: `bench-${functionName}-${invocation}`,
    functionName,
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    getRemainingTimeInMillis: () => 900_000,
  };
}

/**
 * The product's handlers, built through their exported factories so the
 * bench's SDK plugins (call recorder, throttle injector) reach every client
 * they create. A function whose handler has not landed yet is absent, with
 * the reason, and its scenarios are reported as not measured.
 */
export interface Product {
  readonly factories: Partial<Record<FunctionKey, HandlerFactory>>;
  readonly missing: Partial<Record<FunctionKey, string>>;
}

export function loadProduct(): Product {
  return {
    factories: {
      inventory: (deps, env) => {
        const handler = createInventoryHandler({ aws: deps, ...(env ? { env } : {}) });
        return (event) => handler(event, lambdaContext('inventory'));
      },
      rotation: (deps) => createRotationHandler({ plugins: deps.plugins }),
      notifier: (deps) => createNotifierHandler({ aws: deps }),
    },
    missing: {},
  };
}
