/**
 * `npm run demo`: the whole pipeline on an emulated AWS, no account needed.
 * Starts moto, seeds a three-account Organization, then runs the real bundled
 * handlers from dist/Lambda/ through the queues once a day for 120 simulated
 * days: audit mode for the first week, enforce after. Prints what happened to
 * every key and which emails went out.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ADMIN_EMAIL,
  applyEnvironment,
  handlerEnvironment,
  pipelineQueues,
  prepareNotifier,
  startEmulatedAws,
  TEMPLATE_BUCKET,
  TEMPLATE_PREFIX,
} from '../../emulator/deployment';
import type { NotificationMessage } from '../../functions/core/messages/notification';
import { ROTATION_ENV } from '../../contract/env/rotation';
import { FUNCTION_NAMES, S3_FOLDERS, ZIP_NAMES } from '../../contract/names';
import { ROOT } from '../lib/bundle';
import { installSimulatedClock } from './clock';
import { sentEmails, summariseEmails } from './emails';
import { context, loadBundledHandler, type LambdaHandler } from './lambda-runtime';
import { appsFor, runApps } from './apps';
import { DAY_MS, DEMO_START, LIVE_USERS, seedDemoOrganization } from './seed';
import { drainQueue, type MappingSettings } from './sqs-driver';
import { formatTimeline, recordChanges, snapshotKeys, type KeyHistory } from './timeline';

const DAYS = 120;
/** The main stack's event source mappings: one account per rotation invocation, five at once; notifications ten a batch, two at once. */
const ROTATION_MAPPING: MappingSettings = { batchSize: 1, concurrency: 5 };
const NOTIFIER_MAPPING: MappingSettings = { batchSize: 10, concurrency: 2 };
const AUDIT_DAYS = 7;
const START = DEMO_START;

/** Whether a batch of notification messages reports a key that was created, deactivated or deleted. */
function reportsChange(event: unknown): boolean {
  const records = (event as { Records?: Array<{ body?: string }> }).Records ?? [];
  return records.some((record) => {
    const message = JSON.parse(record.body ?? '{}') as Partial<NotificationMessage>;
    return (message.users ?? []).some((user) => user.actions.some((action) => action.type !== 'WARN' && action.outcome !== 'PLANNED'));
  });
}

function scheduledEvent(day: number, instant: Date): object {
  return {
    version: '0',
    id: `demo-schedule-day-${day}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: instant.toISOString(),
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/asa-iam-key-rotation-schedule'],
    detail: {},
  };
}

async function uploadEmailTemplates(s3: S3Client): Promise<void> {
  const dir = path.join(ROOT, 'dist', S3_FOLDERS.template);
  for (const name of await readdir(dir)) {
    await s3.send(
      new PutObjectCommand({ Bucket: TEMPLATE_BUCKET, Key: `${TEMPLATE_PREFIX}/${S3_FOLDERS.template}/${name}`, Body: await readFile(path.join(dir, name)) }),
    );
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const env = await startEmulatedAws();
  const clock = installSimulatedClock(START);
  try {
    await env.moto.clock.set(START);
    const org = await seedDemoOrganization(env.moto, START);
    const queues = await pipelineQueues(env.sqs);
    await prepareNotifier(env.moto);
    await uploadEmailTemplates(new S3Client({ ...env.moto.config(), forcePathStyle: true }));
    const environment = handlerEnvironment({ rotation: queues.rotation.url, notification: queues.notification.url });
    applyEnvironment({ ...environment, [ROTATION_ENV.dryRun]: 'True' });
    const zip = (key: keyof typeof ZIP_NAMES): string => path.join(ROOT, 'dist', S3_FOLDERS.lambda, ZIP_NAMES[key]);
    const inventory = await loadBundledHandler(zip('inventory'));
    const notifier = await loadBundledHandler(zip('notifier'));
    let rotation = await loadBundledHandler(zip('rotation'));
    console.log(`demo: moto at ${env.server.endpoint}; Organization ${org.orgId} with ${org.accounts.map((a) => `${a.name} (${a.id})`).join(', ')}`);
    console.log(`demo: days 0-${AUDIT_DAYS - 1} in audit mode (DryRunFlag=True), enforce from day ${AUDIT_DAYS}`);

    const apps = org.accounts.flatMap((account) => appsFor(account, org.users.get(account) ?? [], (user) => LIVE_USERS.has(user)));
    const histories = new Map<string, KeyHistory>();
    let before = await snapshotKeys(env.moto, org.accounts);
    recordChanges(histories, new Map(), before, 0);
    let notifications = 0;
    // The auditor's snapshot (13 IAM calls) is taken when a report says something changed, and on the last day;
    // a change nobody reported would still show, on the next snapshot.
    let reportedChange = false;
    const tappedNotifier: LambdaHandler = (event, ctx) => {
      reportedChange ||= reportsChange(event);
      return notifier(event, ctx);
    };
    for (let day = 0; day <= DAYS; day++) {
      const instant = new Date(START.getTime() + day * DAY_MS);
      clock.set(instant);
      await env.moto.clock.set(instant);
      if (day === AUDIT_DAYS) {
        // Switching to enforce is a redeploy: new environment, cold start.
        applyEnvironment({ ...environment, [ROTATION_ENV.dryRun]: 'False' });
        rotation = await loadBundledHandler(zip('rotation'));
        console.log(`day ${String(day).padStart(3)}: DryRunFlag=False (enforce)`);
      }
      await inventory(scheduledEvent(day, instant), context(FUNCTION_NAMES.inventory));
      const rotated = await drainQueue(env.sqs, queues.rotation.url, queues.rotation.arn, FUNCTION_NAMES.rotation, rotation, ROTATION_MAPPING);
      const notified = await drainQueue(env.sqs, queues.notification.url, queues.notification.arn, FUNCTION_NAMES.notifier, tappedNotifier, NOTIFIER_MAPPING);
      notifications += notified.delivered;
      // Applications run through the day, after the morning's rotation run.
      await env.moto.clock.set(new Date(instant.getTime() + 3_600_000));
      const switched = await runApps(env.moto, apps, day);
      let changes: string[] = [];
      if (reportedChange || day === DAYS) {
        const after = await snapshotKeys(env.moto, org.accounts);
        changes = recordChanges(histories, before, after, day);
        before = after;
        reportedChange = false;
      }
      const failures = rotated.failed + notified.failed;
      if (changes.length > 0 || switched > 0 || failures > 0) {
        const what = [...changes, ...(switched > 0 ? [`${switched} application(s) switched to their new key`] : [])];
        console.log(`day ${String(day).padStart(3)} ${instant.toISOString().slice(0, 10)}: ${what.join('; ')}${failures > 0 ? `; ${failures} FAILED` : ''}`);
      }
    }
    console.log('\nWhat happened to every key (day 0 = the demo start; audit week first):');
    console.log(formatTimeline(histories, START));
    console.log('');
    console.log(`${notifications} notification messages through the queue; the emails they became:`);
    console.log(summariseEmails(await sentEmails(env.server.endpoint)));
    console.log(`\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s (admin address ${ADMIN_EMAIL})`);
  } finally {
    clock.restore();
    await env.server.stop();
  }
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
