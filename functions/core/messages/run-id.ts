import * as z from '../schema/zod';

/**
 * A run's id: the inventory sets it, the rotation function passes it on, the
 * notifier files the run's reports under Runs/<runId>/. One schema for every
 * end, so an id the rotation accepts is never one the notifier refuses after
 * the keys were rotated. Part of an S3 key: no slash, nothing that could walk
 * out of Runs/.
 */
export const RUN_ID = /^[\w.:-]{1,128}$/;

export const RUN_ID_PROBLEM = 'must be 1-128 letters, digits, . : _ or -';

export const runIdSchema = z.string({ error: RUN_ID_PROBLEM }).check(z.regex(RUN_ID, { error: RUN_ID_PROBLEM }));
