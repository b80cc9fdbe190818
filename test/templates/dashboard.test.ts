import { SERVICE_NAMES } from '../../contract/env/powertools';
import { ACTION_METRICS, DELIVERY_METRICS, INVENTORY_METRICS, MAIL_METRICS, METRICS_NAMESPACE, MODES, RUN_METRICS, STANDING_METRICS, TARGET_KINDS } from '../../contract/metrics';
import { TEMPLATE_FILES, type FunctionKey } from '../../contract/names';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isObject, loadTemplate, ROOT, section, type JsonObject } from './templates';

/**
 * The dashboard of the main template, read from the committed YAML: its body
 * is valid JSON once Fn::Sub has filled it in, and every widget names
 * something that exists: a resource of the template, or a metric a function
 * writes, under the dimensions it writes it with.
 */
const PSEUDO = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::StackName']);

/** Which function writes each of the tool's metrics (its `service` dimension), and the second dimension it carries, with its values. */
type Writer = { readonly key: FunctionKey; readonly second?: { readonly name: string; readonly values: readonly string[] } };
const writtenBy = (names: Record<string, string>, writer: Writer): [string, Writer][] => Object.values(names).map((name) => [name, writer]);
const MODE = { name: 'Mode', values: MODES };
const WRITERS: ReadonlyMap<string, Writer> = new Map([
  ...writtenBy(ACTION_METRICS, { key: 'rotation', second: MODE }),
  ...writtenBy(STANDING_METRICS, { key: 'rotation' }),
  ...writtenBy(RUN_METRICS, { key: 'rotation' }),
  ...writtenBy(DELIVERY_METRICS, { key: 'rotation', second: { name: 'TargetKind', values: TARGET_KINDS } }),
  ...writtenBy(MAIL_METRICS, { key: 'notifier' }),
  ...writtenBy(INVENTORY_METRICS, { key: 'inventory' }),
]);

const template = loadTemplate(TEMPLATE_FILES.main).json;
const resources = section(template, 'Resources');
const typeOf = (id: string): string | undefined => {
  const resource = resources[id];
  return isObject(resource) && typeof resource.Type === 'string' ? resource.Type : undefined;
};

function dashboardSub(): string {
  const dashboards = Object.values(resources).filter((resource) => isObject(resource) && resource.Type === 'AWS::CloudWatch::Dashboard') as JsonObject[];
  expect(dashboards).toHaveLength(1);
  const body = (dashboards[0]?.Properties as JsonObject).DashboardBody as JsonObject;
  const sub = body['Fn::Sub'];
  if (typeof sub !== 'string') throw new Error('DashboardBody is not Fn::Sub of a string');
  return sub;
}

/** The metric lines of every widget, "." (same as the line before) written out, placeholders as in `filled`. */
interface Filled {
  readonly problems: string[];
  readonly lines: (readonly string[])[];
}

/** What is wrong with a dashboard body (Fn::Sub text): empty when nothing is. */
function problemsOf(sub: string): string[] {
  return checked(sub).problems;
}

function checked(sub: string): Filled {
  const lines: (readonly string[])[] = [];
  const problems: string[] = [];
  // Each placeholder becomes a name a test can trace back: the logical id and attribute it stands for.
  const filled = sub.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const [id, attribute] = name.split('.') as [string, string | undefined];
    if (PSEUDO.has(name)) return `pseudo:${name}`;
    const type = typeOf(id);
    if (type === undefined) problems.push(`\${${name}}: no such resource`);
    else if (attribute !== undefined && !(type === 'AWS::SQS::Queue' && attribute === 'QueueName')) problems.push(`\${${name}}: unexpected attribute`);
    return `resource:${type ?? '?'}:${id}`;
  });
  let body: { widgets?: unknown };
  try {
    body = JSON.parse(filled) as { widgets?: unknown };
  } catch (error) {
    return { problems: [...problems, `not JSON: ${String(error)}`], lines };
  }
  if (!Array.isArray(body.widgets)) return { problems: [...problems, 'no widgets'], lines };
  for (const widget of body.widgets as { type?: string; properties?: { region?: string; metrics?: unknown[] } }[]) {
    if (widget.type !== 'metric') continue;
    if (widget.properties?.region !== 'pseudo:AWS::Region') problems.push(`widget not in the stack's region: ${JSON.stringify(widget.properties?.region)}`);
    let before: readonly string[] = [];
    for (const raw of widget.properties?.metrics ?? []) {
      const line = (raw as unknown[]).filter((part) => typeof part === 'string').map((part, at) => (part === '.' ? (before[at] ?? '.') : part));
      before = line;
      lines.push(line);
      problems.push(...lineProblems(line));
    }
  }
  return { problems, lines };
}

function lineProblems(parts: readonly string[]): string[] {
  const [namespace, name, ...pairs] = parts;
  const dims = Object.fromEntries(pairs.flatMap((_, i) => (i % 2 === 0 ? [[pairs[i], pairs[i + 1]]] : [])) as [string, string][]);
  const where = JSON.stringify(parts);
  if (namespace === METRICS_NAMESPACE) {
    const writer = name === undefined ? undefined : WRITERS.get(name);
    if (!writer) return [`${where}: no function writes ${name}`];
    const { second } = writer;
    const expected = second ? ['service', second.name] : ['service'];
    if (JSON.stringify(Object.keys(dims)) !== JSON.stringify(expected)) return [`${where}: ${name} is written with dimensions ${expected.join(', ')}`];
    if (dims.service !== SERVICE_NAMES[writer.key]) return [`${where}: ${name} is written by service ${SERVICE_NAMES[writer.key]}`];
    if (second && !second.values.includes(dims[second.name] ?? '')) return [`${where}: ${second.name} is one of ${second.values.join(', ')}`];
    return [];
  }
  if (namespace === 'AWS/SQS') {
    return name === 'ApproximateNumberOfMessagesVisible' && /^resource:AWS::SQS::Queue:/.test(dims.QueueName ?? '') ? [] : [`${where}: not a queue of the stack`];
  }
  if (namespace === 'AWS/Lambda') {
    return ['Errors', 'Throttles', 'Duration'].includes(name ?? '') && /^resource:AWS::Lambda::Function:/.test(dims.FunctionName ?? '') ? [] : [`${where}: not a function of the stack`];
  }
  return [`${where}: unexpected namespace`];
}

describe('the dashboard (main template)', () => {
  const sub = dashboardSub();

  it('is valid JSON once filled in, and names only resources of the template and metrics the functions write', () => {
    expect(problemsOf(sub)).toEqual([]);
  });

  const { lines } = checked(sub);
  const shown = new Set(lines.map((line) => line.join(' ')));

  it('shows every metric the functions write', () => {
    const missing = [...WRITERS.keys()].filter((name) => !lines.some((line) => line[0] === METRICS_NAMESPACE && line[1] === name));
    expect(missing).toEqual([]);
  });

  it('shows deliveries succeeded and failed for every target kind', () => {
    for (const name of Object.values(DELIVERY_METRICS)) {
      for (const kind of TARGET_KINDS) expect(shown).toContain(`${METRICS_NAMESPACE} ${name} service ${SERVICE_NAMES.rotation} TargetKind ${kind}`);
    }
  });

  it('shows the depth of both queues and both dead-letter queues, and errors, throttles and duration of the three functions', () => {
    const queues = Object.keys(resources).filter((id) => typeOf(id) === 'AWS::SQS::Queue');
    expect(queues).toHaveLength(4);
    for (const id of queues) expect(shown).toContain(`AWS/SQS ApproximateNumberOfMessagesVisible QueueName resource:AWS::SQS::Queue:${id}`);
    const functions = Object.keys(resources).filter((id) => typeOf(id) === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(3);
    for (const id of functions) {
      for (const metric of ['Errors', 'Throttles', 'Duration']) expect(shown).toContain(`AWS/Lambda ${metric} FunctionName resource:AWS::Lambda::Function:${id}`);
    }
  });

  it('the check finds a widget naming what does not exist (it can fail)', () => {
    const broken = sub
      .replace('"KeysRotated"', '"KeysRotatedd"')
      .replace('${RotationQueue.QueueName}', '${RotationQueueTypo.QueueName}')
      .replace('"Mode","audit"', '"Mode","someone@example.com"')
      .replace('"gitlab"]', '"bitbucket"]');
    expect(broken).not.toBe(sub);
    // A "." repeats the bad Mode into the lines after it, which are reported too.
    expect(problemsOf(broken)).toEqual(
      expect.arrayContaining([
        '${RotationQueueTypo.QueueName}: no such resource',
        expect.stringContaining('no function writes KeysRotatedd'),
        expect.stringContaining('["IAMKeyRotation","KeysRotated","service","rotation","Mode","someone@example.com"]: Mode is one of enforce, audit'),
        expect.stringContaining('not a queue of the stack'),
        expect.stringContaining('"TargetKind","bitbucket"]: TargetKind is one of github, gitlab, ssm'),
      ]),
    );
    expect(problemsOf(sub.replace('{"widgets"', '{widgets'))).toEqual([expect.stringContaining('not JSON')]);
  });
});

describe('docs/operations.md on metrics', () => {
  const readme = readFileSync(path.join(ROOT, 'docs', 'operations.md'), 'utf8');
  const part = readme.slice(readme.indexOf('## Metrics and the dashboard'), readme.indexOf('## Troubleshooting'));

  it('states the namespace and describes every metric the functions write, and how many there are', () => {
    expect(part).toContain(`Namespace **\`${METRICS_NAMESPACE}\`**`);
    expect([...WRITERS.keys()].filter((name) => !part.includes(`\`${name}\``))).toEqual([]);
    const count = [...WRITERS.values()].reduce((sum, writer) => sum + (writer.second?.values.length ?? 1), 0);
    expect(part).toContain(`${count} metrics in all`);
  });
});
