import { DELIVERY_TOKEN_SECRET_PREFIX } from '../../../../contract/names';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { fieldPath, firstIssue } from '../../schema/issues';
import { targetId } from './describe';
import { DeliveryConfigError } from './errors';
import { deliveryFileSchema, type DeliverEntry, type DeliveryFile } from './schema';
import { DEFAULT_SECRET_NAMES, type ApiEndpoint, type DeliveryConfig, type DeliveryTarget, type GitHubScope, type SecretNames, type UserDelivery } from './types';

export interface ParseOptions {
  /** DeliverySsmPathPrefix: the only path the member role may write parameters under. */
  readonly ssmPathPrefix: string;
}

type Path = readonly (string | number)[];

/** A problem found at a path of the file; `key` set when the key itself (an unknown field) is at fault. */
interface Problem {
  readonly path: Path;
  readonly message: string;
  readonly key?: string;
}

/**
 * Reads delivery.yaml. The first problem throws a DeliveryConfigError naming
 * the field (`targets[0].deliver[1].github.enviroment`) and its line. The same
 * function checks the file at upload, in `npm run plan`, and in every rotation
 * run, so a file that uploads is a file the function accepts.
 */
export function parseDeliveryConfig(source: string, options: ParseOptions): DeliveryConfig {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    throw new DeliveryConfigError('delivery.yaml', lines.linePos(syntax.pos[0]).line, `is not valid YAML: ${firstLine(syntax.message)}`);
  }
  const fail = (problem: Problem): never => {
    const field = problem.key === undefined ? fieldPath(problem.path) : join(fieldPath(problem.path), problem.key);
    throw new DeliveryConfigError(field || 'delivery.yaml', lineOf(doc, lines, problem), problem.message);
  };

  const parsed = deliveryFileSchema.safeParse(doc.toJS({ maxAliasCount: 10 }) ?? {});
  if (!parsed.success) {
    const issue = firstIssue(parsed.error.issues);
    const path = (issue?.path ?? []).filter((part): part is string | number => typeof part !== 'symbol');
    if (issue?.code === 'unrecognized_keys') fail({ path, key: issue.keys[0] ?? '', message: 'unknown field' });
    fail({ path, message: issue?.message ?? 'is invalid' });
  }
  const file = (parsed as { data: DeliveryFile }).data;
  const problem = check(file, options);
  if (problem) fail(problem);
  return build(file);
}

/** The rules between fields, in file order. */
function check(file: DeliveryFile, options: ParseOptions): Problem | undefined {
  for (const name of ['github', 'gitlab'] as const) {
    const endpoint = file[name];
    if (endpoint && !secureUrl(endpoint.apiUrl)) {
      return { path: [name, 'apiUrl'], message: 'must use https (http is accepted only for localhost): the token travels with every request' };
    }
    if (endpoint && !endpoint.tokenSecretArn.split(':secret:')[1]?.startsWith(DELIVERY_TOKEN_SECRET_PREFIX)) {
      return { path: [name, 'tokenSecretArn'], message: `must name a secret under ${DELIVERY_TOKEN_SECRET_PREFIX} in the main stack's account: only those are readable by the rotation function` };
    }
  }
  const users = new Set<string>();
  const places = new Map<string, string>();
  for (const [index, entry] of file.targets.entries()) {
    const at: Path = ['targets', index];
    const who = `${entry.account}/${entry.user}`;
    if (users.has(who)) return { path: [...at, 'user'], message: `user ${entry.user} of account ${entry.account} is listed twice; put all its targets under one entry` };
    users.add(who);
    for (const [position, item] of entry.deliver.entries()) {
      const where: Path = [...at, 'deliver', position];
      const problem = checkEntry(item, where, file, options);
      if (problem) return problem;
      const id = targetId(toTarget(item, merge(DEFAULT_SECRET_NAMES, entry.names)));
      const other = places.get(id);
      if (other !== undefined) {
        return { path: where, message: `writes the same place as ${other}: two keys would overwrite each other` };
      }
      places.set(id, fieldPath(where));
    }
  }
  return undefined;
}

function checkEntry(item: DeliverEntry, where: Path, file: DeliveryFile, options: ParseOptions): Problem | undefined {
  const kinds = (['github', 'gitlab', 'ssm'] as const).filter((kind) => item[kind] !== undefined);
  if (kinds.length !== 1) return { path: where, message: `must name exactly one of github:, gitlab: or ssm:${kinds.length > 1 ? `, not ${kinds.join(' and ')}` : ''}` };
  if (item.github) {
    const g = item.github;
    const at = [...where, 'github'];
    if (!file.github) return { path: at, message: 'a github target needs the top-level github: section (apiUrl and tokenSecretArn)' };
    if ((g.repository === undefined) === (g.organization === undefined)) return { path: at, message: 'must name either repository or organization' };
    if (g.environment !== undefined && g.repository === undefined) return { path: [...at, 'environment'], message: 'is only for a repository' };
    if (g.organization !== undefined && g.visibility === undefined) return { path: at, message: 'an organization secret needs visibility: all, private or selected' };
    if (g.visibility !== undefined && g.organization === undefined) return { path: [...at, 'visibility'], message: 'is only for an organization' };
    if ((g.visibility === 'selected') !== (g.selectedRepositoryIds !== undefined)) {
      return { path: [...at, g.visibility === 'selected' ? 'visibility' : 'selectedRepositoryIds'], message: 'selectedRepositoryIds goes with visibility selected, and only with it' };
    }
  }
  if (item.gitlab && !file.gitlab) return { path: [...where, 'gitlab'], message: 'a gitlab target needs the top-level gitlab: section (apiUrl and tokenSecretArn)' };
  if (item.ssm) {
    const prefix = options.ssmPathPrefix.endsWith('/') ? options.ssmPathPrefix : `${options.ssmPathPrefix}/`;
    if (!item.ssm.name.startsWith(prefix) || item.ssm.name.length === prefix.length) {
      return { path: [...where, 'ssm', 'name'], message: `must be under ${prefix} (the stack's DeliverySsmPathPrefix, the only path the member role may write)` };
    }
  }
  return undefined;
}

function build(file: DeliveryFile): DeliveryConfig {
  const users: UserDelivery[] = file.targets.map((entry) => {
    const defaults = merge(DEFAULT_SECRET_NAMES, entry.names);
    return { account: entry.account, user: entry.user, targets: entry.deliver.map((item) => toTarget(item, defaults)) };
  });
  return {
    version: 1,
    ...(file.github ? { github: endpointOf(file.github) } : {}),
    ...(file.gitlab ? { gitlab: endpointOf(file.gitlab) } : {}),
    users,
  };
}

/** One checked entry as a target (the rules above hold). */
function toTarget(item: DeliverEntry, defaults: SecretNames): DeliveryTarget {
  if (item.github) {
    const g = item.github;
    let scope: GitHubScope;
    if (g.organization !== undefined) {
      scope = {
        kind: 'organization',
        organization: g.organization,
        visibility: g.visibility ?? 'private',
        ...(g.selectedRepositoryIds ? { selectedRepositoryIds: g.selectedRepositoryIds } : {}),
      };
    } else if (g.environment !== undefined) scope = { kind: 'environment', repository: g.repository ?? '', environment: g.environment };
    else scope = { kind: 'repository', repository: g.repository ?? '' };
    return { kind: 'github', scope, names: merge(defaults, g.names) };
  }
  if (item.gitlab) {
    const g = item.gitlab;
    return { kind: 'gitlab', project: g.project, environmentScope: g.environmentScope ?? '*', protected: g.protected ?? false, names: merge(defaults, g.names) };
  }
  const s = item.ssm ?? { name: '', region: '' };
  return { kind: 'ssm', name: s.name, region: s.region, ...(s.kmsKeyId ? { kmsKeyId: s.kmsKeyId } : {}) };
}

function merge(base: SecretNames, override: Partial<SecretNames> | undefined): SecretNames {
  return { accessKeyId: override?.accessKeyId ?? base.accessKeyId, secretAccessKey: override?.secretAccessKey ?? base.secretAccessKey };
}

function endpointOf(endpoint: { apiUrl: string; tokenSecretArn: string }): ApiEndpoint {
  return { apiUrl: endpoint.apiUrl.replace(/\/+$/, ''), tokenSecretArn: endpoint.tokenSecretArn };
}

function secureUrl(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
}

/** The line of the node at `path` (of its key for an unknown field; of the nearest existing parent otherwise). */
function lineOf(doc: Document, lines: LineCounter, problem: Problem): number | undefined {
  const path = [...problem.path];
  for (;;) {
    const node = doc.getIn(path, true);
    if (problem.key !== undefined && path.length === problem.path.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === problem.key);
      const start = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (start !== undefined) return lines.linePos(start).line;
    }
    const start = (node as { range?: [number, number, number] } | undefined)?.range?.[0];
    if (start !== undefined) return lines.linePos(start).line;
    if (path.length === 0) return undefined;
    // A missing field: point at the key of its parent, or the parent itself.
    path.pop();
  }
}

function join(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
