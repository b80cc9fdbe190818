import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsOptions } from '@aws-lambda-powertools/metrics/types';
import { METRIC_DIMENSIONS, METRICS_NAMESPACE, type MetricName, type Mode, type TargetKindDimension } from '../../../contract/metrics';
import { POWERTOOLS_ENV } from '../../../contract/env/powertools';
import type { Logger } from '../log/logger';
import { scrubber } from '../scrub/scrub';

/**
 * CloudWatch metrics in the embedded metric format, written by Powertools
 * for AWS Lambda's Metrics: one JSON line on stdout per flush, which Lambda
 * sends to the log group and CloudWatch turns into metrics (no PutMetricData
 * call, no permission). Its environment variables apply
 * (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_DISABLED); the namespace is
 * fixed, because the template's dashboard reads it. Names and dimensions are
 * closed types (contract/metrics): no metric carries text a user controls.
 */

export type MetricValues = Readonly<Partial<Record<MetricName, number>>>;

/** The dimensions besides `service`; their values are closed sets. */
export interface MetricDimensions {
  readonly [METRIC_DIMENSIONS.mode]?: Mode;
  readonly [METRIC_DIMENSIONS.targetKind]?: TargetKindDimension;
}

/** What the functions' code calls; the rest of Powertools stays behind it. */
export interface Metrics {
  /** The counts of one piece of work (an account run), written now as one line under these dimensions. */
  publish(values: MetricValues, dimensions?: MetricDimensions): void;
  /** Adds to the invocation's counts, written when the invocation ends. */
  count(name: MetricName, value?: number): void;
}

/** The metrics a handler owns: the invocation shell flushes them when each invocation ends. */
export interface FunctionMetrics extends Metrics {
  flush(): void;
}

/** Where finished lines go; tests collect them. */
export type MetricSink = (line: string) => void;

const STDOUT: MetricSink = (line) => process.stdout.write(`${line}\n`);

/**
 * Powertools' Metrics with one change: the line goes through the scrubber
 * (and then to the sink) instead of straight to the console, like every
 * other line the functions write.
 */
class ScrubbingMetrics extends PowertoolsMetrics {
  private sink: MetricSink | undefined;

  constructor(options: MetricsOptions, sink: MetricSink) {
    super(options);
    this.sink = sink;
  }

  override publishStoredMetrics(): this {
    try {
      if (!this.isDisabled() && this.hasStoredMetrics()) (this.sink ?? STDOUT)(scrubber.text(JSON.stringify(this.serializeMetrics())));
    } finally {
      this.clearMetrics();
      this.clearDimensions();
      this.clearMetadata();
    }
    return this;
  }
}

/**
 * The function's metrics. `service` is the `service` dimension when
 * POWERTOOLS_SERVICE_NAME is not set. Powertools' own warnings (an invalid
 * dimension, say) go to `logger`.
 */
export function createMetrics(service: string, options: { sink?: MetricSink; logger?: Logger } = {}): FunctionMetrics {
  const sink = options.sink ?? STDOUT;
  const make = (): ScrubbingMetrics =>
    new ScrubbingMetrics(
      {
        namespace: METRICS_NAMESPACE,
        ...(process.env[POWERTOOLS_ENV.serviceName]?.trim() ? {} : { serviceName: service }),
        ...(options.logger ? { logger: powertoolsLogger(options.logger) } : {}),
      },
      sink,
    );
  // Two buffers: a piece of work's line must not carry the invocation's counts under its dimensions, nor the reverse.
  const invocation = make();
  const piece = make();
  // Summed here, so that the invocation's line has one value per metric rather than a list of ones.
  const counts = new Map<MetricName, number>();
  return {
    publish(values, dimensions = {}) {
      for (const [name, value] of Object.entries(dimensions)) piece.addDimension(name, value);
      for (const [name, value] of Object.entries(values)) piece.addMetric(name, MetricUnit.Count, value);
      piece.publishStoredMetrics();
    },
    count(name, value = 1) {
      counts.set(name, (counts.get(name) ?? 0) + value);
    },
    flush() {
      if (counts.size === 0) return;
      for (const [name, value] of counts) invocation.addMetric(name, MetricUnit.Count, value);
      counts.clear();
      invocation.publishStoredMetrics();
    },
  };
}

/** Metrics that go nowhere: for tools that run the functions' code outside Lambda (npm run plan). */
export const NO_METRICS: FunctionMetrics = { publish: () => undefined, count: () => undefined, flush: () => undefined };

function powertoolsLogger(logger: Logger): NonNullable<MetricsOptions['logger']> {
  const text = (content: unknown[]): string => content.map(String).join(' ');
  return {
    debug: (...content: unknown[]) => logger.debug(text(content)),
    info: (...content: unknown[]) => logger.info(text(content)),
    warn: (...content: unknown[]) => logger.warn(text(content)),
    error: (...content: unknown[]) => logger.error(text(content)),
  };
}
