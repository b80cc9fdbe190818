import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { ACCOUNT_ID } from '../core/config/values';
import { TEMPLATE_NAME } from './config';
import { NotifierEventError } from './errors';
import { EMAIL_ADDRESS, zodField } from './zod-field';

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

export type NotifierEvent = { readonly kind: 'sqs'; readonly records: readonly SQSRecord[] } | { readonly kind: 'console'; readonly notification: ConsoleNotification };

const address = z.string().trim().regex(EMAIL_ADDRESS, { error: 'must be an email address' });
const number = z.union([z.number().min(0), z.string().regex(/^\d+$/, { error: 'must be a number of days' })], {
  error: 'must be a number of days',
});
const text = z.string({ error: 'must be a string' });

const consolePayload = z.strictObject({
  email: z.union([address, z.array(address).min(1, { error: 'must list at least one address' })], {
    error: 'must be an email address or a list of them',
  }),
  subject: text.min(1).max(998, { error: 'must be at most 998 characters' }).optional(),
  email_template: text.regex(TEMPLATE_NAME, { error: 'must be an .html file name in Template/, e.g. iam-auto-key-rotation-enforcement.html' }).optional(),
  template_values: z
    .object({
      account_id: text.regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' }),
      account_name: text.optional(),
      timestamp: text.optional(),
      actions: z.array(text, { error: 'must be a list of strings' }).default([]),
      rotation_period: number.optional(),
      installation_grace_period: number.optional(),
      recovery_grace_period: number.optional(),
      partition_name: text.regex(/^aws(-[a-z-]+)?$/, { error: 'must be an AWS partition such as aws' }).optional(),
    })
    // A user's own template may use its own placeholders; they must still be printable values.
    .catchall(z.union([text, z.number(), z.array(text)], { error: 'must be a string, a number or a list of strings' })),
});

const EXAMPLE = '{"email": "...", "subject": "...", "email_template": "iam-auto-key-rotation-enforcement.html", "template_values": {"account_id": "111122223333", "actions": [...]}}';

/**
 * Tells the two event shapes apart and validates the console one completely
 * before anything touches AWS. SQS records are validated one by one later,
 * because one bad record must not fail its neighbours.
 */
export function parseNotifierEvent(event: unknown): NotifierEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new NotifierEventError('event', `must be an SQS batch or the console payload ${EXAMPLE}`);
  }
  if ('Records' in event) return { kind: 'sqs', records: sqsRecords(event as { Records: unknown }) };
  const parsed = consolePayload.safeParse(event);
  if (!parsed.success) {
    const { field, message } = zodField(parsed.error.issues[0]);
    throw new NotifierEventError(field, message);
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

function sqsRecords(event: { Records: unknown }): readonly SQSRecord[] {
  const records = event.Records;
  if (!Array.isArray(records)) throw new NotifierEventError('Records', 'must be a list of SQS records');
  records.forEach((record: unknown, index) => {
    const candidate = record as Partial<SQSRecord> | null;
    if (candidate?.eventSource !== 'aws:sqs') {
      throw new NotifierEventError(`Records[${index}].eventSource`, 'must be aws:sqs (the notifier reads only its queue)');
    }
    if (typeof candidate.messageId !== 'string' || typeof candidate.body !== 'string') {
      throw new NotifierEventError(`Records[${index}]`, 'must have a messageId and a body');
    }
  });
  return (records as SQSEvent['Records']).slice();
}
