import type { SQSEvent } from 'aws-lambda';
import { ACCOUNT_ID, EMAIL_ADDRESS } from '../core/config/values';
import { sqsEnvelope } from '../core/lambda/sqs-batch';
import { describeIssue, firstIssue } from '../core/schema/issues';
import * as z from '../core/schema/zod';
import { TEMPLATE_NAME } from './config';
import { NotifierEventError } from './errors';

/** The classic solution's "Force Notification" console event, validated. */
export interface ConsoleNotification {
  readonly to: readonly string[];
  readonly subject?: string;
  /** A file name in `<prefix>/Template/`; the configured enforce template when absent. */
  readonly templateName?: string;
  readonly values: ConsoleTemplateValues;
}

export interface ConsoleTemplateValues {
  readonly account_id: string;
  readonly actions: readonly string[];
  /** The classic names and any extra ones a user's own template uses, as text. */
  readonly [name: string]: string | readonly string[];
}

export type NotifierEvent = { readonly kind: 'sqs'; readonly event: SQSEvent } | { readonly kind: 'console'; readonly notification: ConsoleNotification };

const address = z.string({ error: 'must be an email address' }).check(z.trim(), z.regex(EMAIL_ADDRESS, { error: 'must be an email address' }));
const number = z.union([z.number().check(z.minimum(0)), z.string().check(z.regex(/^\d+$/, { error: 'must be a number of days' }))], {
  error: 'must be a number of days',
});
const text = z.string({ error: 'must be a string' });

// Strict at the top, where a misspelt key would silently drop a recipient or the template.
const consolePayload = z.strictObject({
  email: z.union([address, z.array(address).check(z.minLength(1, { error: 'must list at least one address' }))], {
    error: 'must be an email address or a list of them',
  }),
  subject: z.optional(z.string({ error: 'must be a string' }).check(z.minLength(1), z.maxLength(998, { error: 'must be at most 998 characters' }))),
  email_template: z.optional(
    text.check(z.regex(TEMPLATE_NAME, { error: 'must be an .html file name in Template/, e.g. iam-auto-key-rotation-enforcement.html' })),
  ),
  template_values: z.catchall(
    z.object({
      account_id: text.check(z.regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' })),
      account_name: z.optional(text),
      timestamp: z.optional(text),
      actions: z._default(z.array(text, { error: 'must be a list of strings' }), []),
      rotation_period: z.optional(number),
      installation_grace_period: z.optional(number),
      recovery_grace_period: z.optional(number),
      partition_name: z.optional(text.check(z.regex(/^aws(-[a-z-]+)?$/, { error: 'must be an AWS partition such as aws' }))),
    }),
    // A user's own template may use its own placeholders; they must still be printable values.
    z.union([text, z.number(), z.array(text)], { error: 'must be a string, a number or a list of strings' }),
  ),
});

const EXAMPLE = '{"email": "...", "subject": "...", "email_template": "iam-auto-key-rotation-enforcement.html", "template_values": {"account_id": "111122223333", "actions": [...]}}';

/**
 * Tells the two event shapes apart and validates the console one completely
 * before anything touches AWS. An SQS batch is checked here as a batch
 * (core/lambda/sqs-batch); its records and their bodies are checked one by
 * one by the batch processor, because one bad record must not fail its neighbours.
 */
export function parseNotifierEvent(event: unknown): NotifierEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new NotifierEventError('event', `must be an SQS batch or the console payload ${EXAMPLE}`);
  }
  const envelope = sqsEnvelope(event);
  if (envelope.kind === 'invalid') throw new NotifierEventError(envelope.field, envelope.problem);
  if (envelope.kind === 'sqs') return { kind: 'sqs', event: envelope.event };
  const parsed = consolePayload.safeParse(event);
  if (!parsed.success) {
    const { field, problem } = describeIssue(firstIssue(parsed.error.issues));
    throw new NotifierEventError(field, problem);
  }
  const { email, subject, email_template: templateName, template_values: raw } = parsed.data;
  const values: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    values[name] = typeof value === 'number' ? String(value) : value;
  }
  return {
    kind: 'console',
    notification: {
      to: [...new Set(typeof email === 'string' ? [email] : email)],
      ...(subject ? { subject } : {}),
      ...(templateName ? { templateName } : {}),
      values: values as ConsoleTemplateValues,
    },
  };
}
