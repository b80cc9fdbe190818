import type { KeyRow } from '../compliance/row';
import type { DeepReadonly } from '../schema/readonly';
import type * as z from '../schema/zod';
import type { notificationMessage } from './notification-schema';

/**
 * The notification contract, derived from its schema
 * (notification-schema.ts): one message per recipient, what happened and what
 * will happen, never a secret. A field or a reason exists once, in the schema.
 */
export type NotificationMessage = DeepReadonly<z.output<typeof notificationMessage>>;
export type RecipientRole = NotificationMessage['recipient']['role'];
export type ReportedUser = NotificationMessage['users'][number];
export type ReportedAction = ReportedUser['actions'][number];
export type ReportedActionType = ReportedAction['type'];
export type ReportedReason = ReportedAction['reason'];
export type ActionOutcome = ReportedAction['outcome'];
export type ReportedLastUse = NonNullable<ReportedAction['lastUse']>;
export type ReportedDelivery = NonNullable<ReportedAction['deliveries']>[number];
export type HeldUserReport = NonNullable<NotificationMessage['held']>[number];
export type AuditReason = NonNullable<NotificationMessage['auditReason']>;

// The rows a message carries are the compliance view's KeyRow, field for field, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const keyRowsMatch: Same<NonNullable<NotificationMessage['keyRows']>[number], KeyRow> = true;
void keyRowsMatch;
