/**
 * Reads embedded-metric-format lines as CloudWatch Logs would: a JSON object
 * with `_aws.CloudWatchMetrics`, each metric and dimension named there found
 * at the top level. A line that is not such an object fails the test here,
 * naming what is wrong.
 */
export interface EmfLine {
  readonly namespace: string;
  /** The dimension sets, each a list of names. */
  readonly dimensionSets: readonly (readonly string[])[];
  /** Each dimension's value, for the names the sets use. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, number>>;
  readonly units: Readonly<Record<string, string>>;
  /** Every top-level key of the line: what a log reader sees. */
  readonly keys: readonly string[];
}

interface EmfDirective {
  Namespace: unknown;
  Dimensions: unknown;
  Metrics: unknown;
}

export function isEmf(line: string): boolean {
  try {
    const parsed = JSON.parse(line) as { _aws?: unknown };
    return typeof parsed === 'object' && parsed !== null && parsed._aws !== undefined;
  } catch {
    return false;
  }
}

export function parseEmf(line: string): EmfLine {
  const parsed = JSON.parse(line) as Record<string, unknown> & { _aws?: { Timestamp?: unknown; CloudWatchMetrics?: unknown } };
  const aws = parsed._aws;
  if (!aws || typeof aws.Timestamp !== 'number') throw new Error(`not EMF (no _aws.Timestamp): ${line}`);
  if (!Array.isArray(aws.CloudWatchMetrics) || aws.CloudWatchMetrics.length !== 1) throw new Error(`expected one CloudWatchMetrics directive: ${line}`);
  const directive = aws.CloudWatchMetrics[0] as EmfDirective;
  if (typeof directive.Namespace !== 'string') throw new Error(`no Namespace: ${line}`);
  if (!Array.isArray(directive.Dimensions) || !directive.Dimensions.every((set) => Array.isArray(set))) throw new Error(`Dimensions is not a list of lists: ${line}`);
  if (!Array.isArray(directive.Metrics)) throw new Error(`no Metrics: ${line}`);
  const dimensionSets = directive.Dimensions as string[][];
  const dimensions: Record<string, string> = {};
  for (const name of dimensionSets.flat()) {
    const value = parsed[name];
    if (typeof value !== 'string') throw new Error(`dimension ${name} has no string value: ${line}`);
    dimensions[name] = value;
  }
  const values: Record<string, number> = {};
  const units: Record<string, string> = {};
  for (const metric of directive.Metrics as { Name?: unknown; Unit?: unknown }[]) {
    if (typeof metric.Name !== 'string') throw new Error(`a metric without a Name: ${line}`);
    const value = parsed[metric.Name];
    if (typeof value !== 'number') throw new Error(`metric ${metric.Name} has no number value: ${line}`);
    values[metric.Name] = value;
    units[metric.Name] = String(metric.Unit);
  }
  return { namespace: directive.Namespace, dimensionSets, dimensions, values, units, keys: Object.keys(parsed) };
}

/** Collects what is written to stdout while `body` runs; other output is kept out of the test's console. */
export async function stdoutOf<T>(body: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    return { result: await body(), lines };
  } finally {
    spy.mockRestore();
  }
}
