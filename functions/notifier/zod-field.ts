import type { z } from 'zod';

/** Same shape as functions/core/config/values.ts accepts for ADMIN_EMAIL. */
export const EMAIL_ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** The first zod issue as a dotted field path (`template_values.actions[1]`) and its message. */
export function zodField(issue: z.core.$ZodIssue | undefined, prefix = ''): { field: string; message: string } {
  if (!issue) return { field: prefix || 'event', message: 'is invalid' };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { field: join(prefix, join(path(issue.path), key)), message: 'unknown field' };
  }
  return { field: join(prefix, path(issue.path)) || 'event', message: issue.message };
}

function path(parts: readonly PropertyKey[]): string {
  return parts.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`)).join('');
}

function join(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return b.startsWith('[') ? `${a}${b}` : `${a}.${b}`;
}
