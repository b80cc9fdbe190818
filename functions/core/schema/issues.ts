import type * as z from './zod';

export type SchemaIssue = z.core.$ZodIssue;

/**
 * The issue to report: an unknown field first (a misspelt key is the likelier
 * cause of the other complaints, and must never be silently dropped), else
 * the first one.
 */
export function firstIssue(issues: readonly SchemaIssue[]): SchemaIssue | undefined {
  return issues.find((issue) => issue.code === 'unrecognized_keys') ?? issues[0];
}

/** A zod path as users write it: `template_values.actions[1]`. */
export function fieldPath(parts: readonly PropertyKey[]): string {
  return parts.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`)).join('');
}

/** The field an issue is about (an unknown key names itself) and what is wrong with it. */
export function describeIssue(issue: SchemaIssue | undefined, prefix = ''): { field: string; problem: string } {
  if (!issue) return { field: prefix || 'event', problem: 'is invalid' };
  if (issue.code === 'unrecognized_keys') {
    return { field: join(prefix, join(fieldPath(issue.path), issue.keys[0] ?? '')) || 'event', problem: 'unknown field' };
  }
  return { field: join(prefix, fieldPath(issue.path)) || 'event', problem: issue.message };
}

function join(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return b.startsWith('[') ? `${a}${b}` : `${a}.${b}`;
}
