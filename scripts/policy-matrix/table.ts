/** Plain-text tables of simulated requests, short enough to read in a terminal and in the README. */
import type { AllowResult } from './record/check';
import type { RowResult } from './matrix/evaluate';
import type { Decision, PolicyRequest } from './simulate/simulate';

/** `role/name (account)`, `secret Account_…_AccessKey (account, region)`, … : what an ARN names, without the noise. */
export function label(arn: string, accountNames: Readonly<Record<string, string>> = {}): string {
  if (!arn.startsWith('arn:')) return arn;
  const [, , service, region, id, ...rest] = arn.split(':');
  const account = id ? (accountNames[id] ?? id) : id;
  const resource = rest.join(':');
  switch (service) {
    case 'iam':
      return `${resource.replace(/^(role|user|policy)\/(.*\/)?/, '$1/')} (${account})`;
    case 'secretsmanager':
      return `secret ${resource.replace(/^secret:/, '').replace(/-[A-Za-z0-9]{6}$/, '')} (${account}, ${region})`;
    case 'kms':
      return `kms ${resource.slice(0, 12)}… (${account}, ${region})`;
    case 'sqs':
      return `queue ${resource} (${account})`;
    case 's3':
      return `s3 ${resource}`;
    case 'logs':
      return `log group ${resource.replace(/^log-group:/, '').replace(/:log-stream:.*$/, '')}`;
    default:
      return `${service} ${resource}${account ? ` (${account})` : ''}`;
  }
}

function contextNote(request: PolicyRequest): string {
  const keys = Object.keys(request.context ?? {}).filter((key) => ['iam:PolicyARN', 'aws:TagKeys', 'kms:ViaService', 'kms:EncryptionContext:SecretARN'].includes(key));
  return keys.length > 0 ? ` [${keys.map((k) => `${k}=${JSON.stringify(request.context?.[k]).replace(/^"|"$/g, '')}`).map((s) => (s.length > 70 ? `${s.slice(0, 67)}…` : s)).join(', ')}]` : '';
}

function render(headers: readonly string[], rows: readonly string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/**
 * What kind of statement decides a denied request: an explicit Deny of the
 * templates' policies (identity, secret, key, queue or trust policy), the
 * service control policy, or no Allow at all. A row decided by "no Allow"
 * holds as long as nobody adds a grant; one decided by a Deny holds whatever
 * is granted.
 */
export function decidedBy(decision: Decision): string {
  if (decision.verdict === 'Allowed') return 'Allow';
  if (decision.verdict === 'ImplicitlyDenied') return 'no Allow';
  const denies = decision.decisive.split('; ').filter((part) => part.startsWith('Deny: '));
  const kinds = [...new Set(denies.map((deny) => (deny.startsWith('Deny: SCP ') ? 'SCP' : 'explicit Deny')))];
  return kinds.sort((a, b) => a.localeCompare(b)).join(' + ');
}

export function matrixTable(results: readonly RowResult[]): string {
  const denyTable = results.some((r) => r.expected === 'deny');
  return render(
    ['#', 'deployment', 'request', 'expected', 'simulated', ...(denyTable ? ['decided by'] : []), 'decisive statement'],
    results.map((r, i) => [
      String(i + 1),
      r.row.deployment,
      `${r.row.what}: ${label(r.request.principal)} ${r.request.action} ${label(r.request.resource)}${contextNote(r.request)}`,
      r.expected === 'deny' ? 'Deny' : 'Allow',
      `${r.holds ? '' : 'FAIL '}${r.decision.verdict}`,
      ...(denyTable ? [decidedBy(r.decision)] : []),
      r.decision.decisive,
    ]),
  );
}

/** One line per function, principal and action: the recorded requests it stands for, and how they were decided. */
export function allowTable(results: readonly AllowResult[], accountNames: Readonly<Record<string, string>> = {}): string {
  const name = (text: string) => Object.entries(accountNames).reduce((out, [id, replacement]) => out.split(id).join(replacement), text);
  const groups = new Map<string, AllowResult[]>();
  for (const result of results) {
    const key = `${result.fn}|${label(result.request.principal, accountNames)}|${result.request.action}|${result.holds}|${result.decision.decisive}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const rows = [...groups.values()]
    .map((group) => {
      const first = group[0] as AllowResult;
      const resources = new Set(group.map((g) => label(g.request.resource, accountNames)));
      const example = [...resources].sort()[0] ?? '';
      const resource = resources.size === 1 ? example : `${resources.size} resources, e.g. ${example}`;
      const count = group.reduce((sum, g) => sum + g.count, 0);
      return [first.fn, name(`${label(first.request.principal, accountNames)} ${first.request.action} ${resource}${contextNote(first.request)}`), String(count), 'Allow', `${first.holds ? '' : 'FAIL '}${first.decision.verdict}`, first.decision.decisive];
    })
    .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? '') || (a[1] ?? '').localeCompare(b[1] ?? ''));
  return render(['function', 'request', 'sent', 'expected', 'simulated', 'decisive statement'], rows);
}

/** Every failing recorded request in full, so the one to fix can be found. */
export function deniedDetails(results: readonly AllowResult[]): string {
  return results
    .filter((r) => !r.holds)
    .map((r) => `- ${r.fn}: ${r.operation}: ${r.request.principal} ${r.request.action} ${r.request.resource} ${JSON.stringify(r.request.context ?? {})}\n  ${r.decision.verdict}: ${r.decision.decisive}\n  sent by: ${r.sources.slice(0, 3).join('; ')}${r.sources.length > 3 ? ` and ${r.sources.length - 3} more` : ''}`)
    .join('\n');
}
