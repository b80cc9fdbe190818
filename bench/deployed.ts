/**
 * What the main stack deploys, read from its committed template
 * (dist/CloudFormation), so the time and cost models follow the template:
 * memory, timeout and architecture of each function, the queues' batch sizes
 * and concurrency, the billed resources (keys, alarms, dashboards, metric
 * filters) and the parameters the models depend on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PUBLISHED_METRIC_COUNT } from '../contract/metrics';
import { FUNCTION_NAMES, TEMPLATE_FILES, type FunctionKey } from '../contract/names';
import { parseTemplate, type Json } from '../templates-src/lib/yaml';

export interface DeployedFunction {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly architecture: string;
}

export interface DeployedMapping {
  readonly batchSize: number;
  /** The maximum concurrency, or the parameter that sets it (default and maximum). */
  readonly concurrency: { readonly default: number; readonly max: number; readonly parameter?: string };
}

export interface Deployed {
  readonly functions: Record<FunctionKey, DeployedFunction>;
  readonly mappings: Record<'rotation' | 'notifier', DeployedMapping>;
  /** Customer-managed KMS keys: those always created, and those created under a condition (its name). */
  readonly kmsKeys: readonly { readonly id: string; readonly condition?: string }[];
  readonly alarms: number;
  readonly dashboards: number;
  /** Metrics the template itself creates (metric filters); metrics the code publishes are not in the template. */
  readonly metricFilterMetrics: number;
  /** Metrics the functions publish in the embedded metric format (contract/metrics.ts): custom metrics too. */
  readonly publishedMetrics: number;
  readonly logRetentionDays: number;
  /** The level the functions log at: their environment's, or the loggers' default (INFO) when the template sets none. */
  readonly logLevel: string;
}

const LOG_LEVEL_VARIABLES = ['POWERTOOLS_LOG_LEVEL', 'LOG_LEVEL'] as const;
const DEFAULT_LOG_LEVEL = 'INFO';

type JsonObject = { readonly [key: string]: Json };
const isObject = (value: Json | undefined): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const object = (value: Json | undefined): JsonObject => (isObject(value) ? value : {});

function numberOf(value: Json | undefined, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`main template: ${what} is not a number`);
  return n;
}

export function readDeployed(templateText: string): Deployed {
  const template = parseTemplate(templateText) as JsonObject;
  const resources = Object.entries(object(template.Resources)).map(([id, value]) => ({ id, body: object(value) }));
  const parameters = object(template.Parameters);
  const ofType = (type: string) => resources.filter((r) => r.body.Type === type);
  const functionIds = new Map<string, FunctionKey>();
  let logLevel = DEFAULT_LOG_LEVEL;
  const functions = {} as Record<FunctionKey, DeployedFunction>;
  for (const resource of ofType('AWS::Lambda::Function')) {
    const properties = object(resource.body.Properties);
    const key = (Object.keys(FUNCTION_NAMES) as FunctionKey[]).find((k) => FUNCTION_NAMES[k] === properties.FunctionName);
    if (!key) continue;
    functionIds.set(resource.id, key);
    if (key === 'rotation') logLevel = levelOf(object(object(properties.Environment).Variables), parameters) ?? DEFAULT_LOG_LEVEL;
    const architectures = properties.Architectures;
    functions[key] = {
      memoryMb: numberOf(properties.MemorySize, `${resource.id} MemorySize`),
      timeoutSeconds: numberOf(properties.Timeout, `${resource.id} Timeout`),
      architecture: Array.isArray(architectures) && typeof architectures[0] === 'string' ? architectures[0] : 'x86_64',
    };
  }
  const mappings = {} as Record<'rotation' | 'notifier', DeployedMapping>;
  for (const resource of ofType('AWS::Lambda::EventSourceMapping')) {
    const properties = object(resource.body.Properties);
    const key = functionIds.get(String(object(properties.FunctionName).Ref));
    if (key !== 'rotation' && key !== 'notifier') continue;
    const maximum = object(properties.ScalingConfig).MaximumConcurrency;
    const parameter = isObject(maximum) && typeof maximum.Ref === 'string' ? maximum.Ref : undefined;
    const concurrency = parameter
      ? {
          default: numberOf(object(parameters[parameter]).Default, `${parameter} Default`),
          max: numberOf(object(parameters[parameter]).MaxValue, `${parameter} MaxValue`),
          parameter,
        }
      : { default: numberOf(maximum, `${resource.id} MaximumConcurrency`), max: numberOf(maximum, `${resource.id} MaximumConcurrency`) };
    mappings[key] = { batchSize: numberOf(properties.BatchSize ?? 10, `${resource.id} BatchSize`), concurrency };
  }
  for (const key of Object.keys(FUNCTION_NAMES) as FunctionKey[]) if (!functions[key]) throw new Error(`main template: no function ${FUNCTION_NAMES[key]}`);
  if (!mappings.rotation || !mappings.notifier) throw new Error('main template: the rotation and notification queues need event source mappings');
  const metricFilterMetrics = ofType('AWS::Logs::MetricFilter').reduce((sum, r) => {
    const transformations = object(r.body.Properties).MetricTransformations;
    return sum + (Array.isArray(transformations) ? transformations.length : 0);
  }, 0);
  return {
    functions,
    mappings,
    kmsKeys: ofType('AWS::KMS::Key').map((r) => ({ id: r.id, ...(typeof r.body.Condition === 'string' ? { condition: r.body.Condition } : {}) })),
    alarms: ofType('AWS::CloudWatch::Alarm').length,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    metricFilterMetrics,
    publishedMetrics: PUBLISHED_METRIC_COUNT,
    logRetentionDays: numberOf(object(parameters.LogRetentionDays).Default ?? 0, 'LogRetentionDays Default'),
    logLevel,
  };
}

/** A level set in the environment, literally or as a parameter's default. */
function levelOf(variables: JsonObject, parameters: JsonObject): string | undefined {
  for (const name of LOG_LEVEL_VARIABLES) {
    const value = variables[name];
    if (typeof value === 'string') return value;
    const parameter = isObject(value) && typeof value.Ref === 'string' ? object(parameters[value.Ref]).Default : undefined;
    if (typeof parameter === 'string') return parameter;
  }
  return undefined;
}

export const MAIN_TEMPLATE = path.join(__dirname, '..', 'dist', 'CloudFormation', TEMPLATE_FILES.main);

/** The committed main template's figures (npm run synth writes it; a test keeps it fresh). */
export const DEPLOYED: Deployed = readDeployed(readFileSync(MAIN_TEMPLATE, 'utf8'));
