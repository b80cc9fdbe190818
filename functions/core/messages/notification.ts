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
export type ResultUser = NotificationMessage['users'][number];
export type ResultAction = ResultUser['actions'][number];
export type ResultActionType = ResultAction['type'];
export type ResultReason = ResultAction['reason'];
export type ActionOutcome = ResultAction['outcome'];
export type ResultLastUse = NonNullable<ResultAction['lastUse']>;
export type ResultDelivery = NonNullable<ResultAction['deliveries']>[number];
export type ResultHeldUser = NonNullable<NotificationMessage['held']>[number];
export type AuditReason = NonNullable<NotificationMessage['auditReason']>;

// The rows a message carries are the compliance view's KeyRow, field for field, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const keyRowsMatch: Same<NonNullable<NotificationMessage['keyRows']>[number], KeyRow> = true;
void keyRowsMatch;
