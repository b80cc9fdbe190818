import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { NO_PLUGINS, withPlugins, type AwsDependencies } from '../core/aws/plugins';
import { DEFAULT_BATCH_RETRY, type BatchRetry } from '../core/aws/sqs-batch-send';
import type { Env } from '../core/config/values';
import { scrubQueueMessages } from '../core/scrub/queue-messages';
import type { LambdaHandler } from '../core/lambda/context';
import { invocationShell } from '../core/lambda/handler';
import { SERVICE_NAMES } from '../../contract/env/powertools';
import { createLogger, type Logger } from '../core/log/logger';
import { createMetrics, type FunctionMetrics } from '../core/metrics/metrics';
import { INVENTORY_METRICS } from '../../contract/metrics';
import { parseInventoryConfig } from './config';
import { describe } from './errors';
import { parseInventoryEvent } from './event';
import { runInventory, type InventoryClients, type InventoryResult } from './run';

export type InventoryHandler = LambdaHandler<InventoryResult>;

export interface InventoryHandlerOptions {
  readonly env?: Env;
  /** Defaults to AWS_REGION, which Lambda sets. */
  readonly region?: string;
  readonly aws?: AwsDependencies;
  readonly logger?: Logger;
  /** Defaults to Powertools Metrics on stdout (EMF). */
  readonly metrics?: FunctionMetrics;
  readonly retry?: Partial<BatchRetry>;
}

/**
 * Builds the handler: configuration is parsed and clients are created here,
 * once per container (index.ts does it at the first invocation); a
 * ConfigError thrown here names the variable. Each invocation validates its
 * event before any AWS call.
 */
export function createInventoryHandler(options: InventoryHandlerOptions = {}): InventoryHandler {
  const env = options.env ?? process.env;
  const region = options.region ?? process.env.AWS_REGION;
  const config = parseInventoryConfig(env, region);
  const aws = options.aws ?? NO_PLUGINS;
  const logger = options.logger ?? createLogger(SERVICE_NAMES.inventory);
  const metrics = options.metrics ?? createMetrics(SERVICE_NAMES.inventory, { logger });
  const retry: BatchRetry = { ...DEFAULT_BATCH_RETRY, ...options.retry };
  const clientConfig = region ? { region } : {};
  const sqs = new SQSClient(clientConfig);
  sqs.middlewareStack.use(scrubQueueMessages);
  const clients: InventoryClients = {
    sts: withPlugins(new STSClient(clientConfig), aws),
    sqs: withPlugins(sqs, aws),
    organizations: (credentials) => withPlugins(new OrganizationsClient({ ...clientConfig, credentials }), aws),
  };
  return invocationShell(logger, async (event, context) => {
    let request;
    try {
      request = await parseInventoryEvent(event, { region, context });
    } catch (error) {
      logger.error('invalid event; nothing done', { error: describe(error) });
      throw error;
    }
    const result = await runInventory(config, request, clients, retry, logger);
    metrics.count(INVENTORY_METRICS.accountsQueued, result.enqueued);
    return result;
  }, metrics);
}
