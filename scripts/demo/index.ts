/**
 * `npm run demo`: the whole pipeline on an emulated AWS, no account needed.
 * Starts moto, seeds a three-account Organization, then runs the real bundled
 * handlers from dist/Lambda/ through the queues once a day for 120 simulated
 * days: audit mode for the first week, enforce after. Prints what happened to
 * every key and which emails went out, and writes every email (HTML and
 * text) to demo-output/ with an index.html.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ADMIN_EMAIL,
  applyEnvironment,
  pipelineQueues,
  prepareNotifier,
  startEmulatedAws,
  TEMPLATE_BUCKET,
  TEMPLATE_PREFIX,
} from '../../emulator/deployment';
import type { NotificationMessage } from '../../functions/core/messages/notification';
import { addDays } from '../../functions/core/lifecycle/time';
import type { DigestMessage, RunDigest } from '../../functions/core/messages/run';
import { ROTATION_ENV } from '../../contract/env/rotation';
import { DIGEST_FOLDERS, FUNCTION_NAMES, S3_FOLDERS, ZIP_NAMES } from '../../contract/names';
import { ROOT } from '../lib/bundle';
import { emulatedEnvironment } from '../lib/function-environment';
import { installSimulatedClock } from './clock';
import { emailTotals, sentEmails, summariseEmails, totalsLines } from './emails';
import { startMailRecorder } from './mail-recorder';
import { writeDemoOutput } from './output';
import { context, loadBundledHandler, type LambdaHandler } from './lambda-runtime';
import { appsFor, runApps } from './apps';
import { describeCases } from './cases';
import { DELIVERED, githubOutage, laterDeliveries, startDemoDelivery, type DemoDelivery } from './delivery';
import { APPS, DEMO_START, seedDemoOrganization } from './seed';
import { seedDemoTrail } from './trail';
import { drainQueue, type MappingSettings } from './sqs-driver';
import { formatTimeline, recordChanges, recordReports, snapshotKeys, type KeyHistory } from './timeline';

const DAYS = 120;
/** The main stack's event source mappings: one account per rotation invocation, five at once; notifications ten a batch, two at once. */
const ROTATION_MAPPING: MappingSettings = { batchSize: 1, concurrency: 5 };
const NOTIFIER_MAPPING: MappingSettings = { batchSize: 10, concurrency: 2 };
const AUDIT_DAYS = 7;
const START = DEMO_START;
const OUTPUT = path.join(ROOT, 'demo-output');

/**
 * The notification messages in a batch of SQS records; a closed run's digest
 * message brings the account results of its stored digest (Digests/<runId>.json),
 * which are the admin's view of every account.
 */
async function messagesOf(event: unknown, s3: S3Client): Promise<NotificationMessage[]> {
  const records = (event as { Records?: Array<{ body?: string }> }).Records ?? [];
  const messages: NotificationMessage[] = [];
  for (const record of records) {
    const body = JSON.parse(record.body ?? '{}') as NotificationMessage | DigestMessage;
    if (!('kind' in body)) {
      messages.push(body);
      continue;
    }
    const key = `${TEMPLATE_PREFIX}/${DIGEST_FOLDERS.digests}/${body.runId}.json`;
    const object = await s3.send(new GetObjectCommand({ Bucket: TEMPLATE_BUCKET, Key: key }));
    messages.push(...(JSON.parse((await object.Body?.transformToString('utf-8')) ?? '{}') as RunDigest).reports);
  }
  return messages;
}

/** Whether a message reports a key that was created, deactivated, reactivated or deleted. */
function reportsChange(message: NotificationMessage): boolean {
  return (message.users ?? []).some((user) => user.actions.some((action) => action.type !== 'WARN' && action.type !== 'POSTPONE' && action.outcome !== 'PLANNED'));
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

/** The operator's one event of the demo: this user's job finds its key switched off. */
const REACTIVATION = { day: 25, account: 'Workloads', user: 'report-job' } as const;

async function main(): Promise<void> {
  const started = performance.now();
  const env = await startEmulatedAws();
  const recorder = await startMailRecorder(env.server.endpoint);
  // Only the functions' SES v2 clients go through the recorder; every other client still talks to moto directly.
  process.env.AWS_ENDPOINT_URL_SESV2 = recorder.endpoint;
  const clock = installSimulatedClock(START);
  let delivery: DemoDelivery | undefined;
  try {
    await env.moto.clock.set(START);
    const org = await seedDemoOrganization(env.moto, START);
    await seedDemoTrail(env.moto, org, START);
    const queues = await pipelineQueues(env.sqs);
    await prepareNotifier(env.moto);
    const s3 = new S3Client({ ...env.moto.config(), forcePathStyle: true });
    await uploadEmailTemplates(s3);
    const delivered = org.accounts.find((account) => account.name === DELIVERED.account);
    if (delivered) delivery = await startDemoDelivery(env.moto, delivered.id);
    // The stack as the demo deploys it: the usage-aware lifecycle (a replaced key still in use waits, 20 days at most),
    // and EnforcedScope, which the template passes to the inventory and the rotation function alike.
    const parameters = { InUseKeyAction: 'Postpone', EnforcedScope: org.enforcedScope };
    const environment = (dryRun: 'True' | 'False') => emulatedEnvironment({ queues, parameters: { ...parameters, DryRunFlag: dryRun } });
    applyEnvironment(environment('True'));
    const zip = (key: keyof typeof ZIP_NAMES): string => path.join(ROOT, 'dist', S3_FOLDERS.lambda, ZIP_NAMES[key]);
    const inventory = await loadBundledHandler(zip('inventory'));
    const notifier = await loadBundledHandler(zip('notifier'));
    let rotation = await loadBundledHandler(zip('rotation'));
    const accountById = new Map(org.accounts.map((account) => [account.id, account]));
    console.log(`demo: moto at ${env.server.endpoint}; Organization ${org.orgId}: ${org.accounts.map((a) => `${a.name} (${a.id})`).join(', ')}; Workloads sits in the OU "Workloads"`);
    console.log('demo: RotationPeriod 90, InactiveBuffer 10, RecoveryGracePeriod 10 days; InUseKeyAction Postpone (InUseWindow 2, MaxPostponeDays 20)');
    console.log(`demo: EnforcedScope = the Management account and the Workloads OU; ${org.auditOnly.join(', ')} stays in audit mode (staged rollout)`);
    console.log(
      `demo: delivery.yaml sends ${DELIVERED.account}/${DELIVERED.user}'s new keys to GitHub ${DELIVERED.repository}, GitLab ${DELIVERED.project} and SSM ${DELIVERED.parameter} (emulated GitHub and GitLab APIs)`,
    );
    console.log(`demo: days 0-${AUDIT_DAYS - 1} in audit mode (DryRunFlag=True), enforce from day ${AUDIT_DAYS}`);
    console.log('');

    const apps = org.accounts.flatMap((account) => appsFor(account, org.users.get(account) ?? [], APPS));
    const histories = new Map<string, KeyHistory>();
    let before = await snapshotKeys(env.moto, org.accounts);
    recordChanges(histories, new Map(), before, 0);
    let notifications = 0;
    const outsideReports = new Map<string, number>();
    // The auditor's snapshot (13 IAM calls) is taken when a message says something changed, and on the last day;
    // a change nobody reported would still show, on the next snapshot.
    let today: NotificationMessage[] = [];
    const owners = new Set<string>();
    const tappedNotifier: LambdaHandler = async (event, ctx) => {
      today.push(...(await messagesOf(event, s3)));
      return notifier(event, ctx);
    };
    for (let day = 0; day <= DAYS; day++) {
      const instant = addDays(START, day);
      clock.set(instant);
      await env.moto.clock.set(instant);
      today = [];
      recorder.day = day;
      const said: string[] = [];
      if (day === AUDIT_DAYS) {
        // Switching to enforce is a redeploy: new environment, cold start.
        applyEnvironment(environment('False'));
        rotation = await loadBundledHandler(zip('rotation'));
        console.log(`day ${String(day).padStart(3)}: DryRunFlag=False (enforce)`);
      }
      const outage = githubOutage(delivery, day);
      if (outage) said.push(outage);
      await inventory(scheduledEvent(day, instant), context(FUNCTION_NAMES.inventory));
      // The inventory's role session, as Lambda shows it: only its messages may place an account inside EnforcedScope.
      const sender = `${process.env[ROTATION_ENV.inventoryRoleId] ?? ''}:${FUNCTION_NAMES.inventory}`;
      const rotated = await drainQueue(env.sqs, queues.rotation.url, queues.rotation.arn, FUNCTION_NAMES.rotation, rotation, { ...ROTATION_MAPPING, sender });
      if (day === REACTIVATION.day) {
        const account = org.accounts.find((a) => a.name === REACTIVATION.account);
        // With the account's name, as the shipped console event has it: the mails about this run are labelled with it.
        const event = { account: account?.id ?? '', name: REACTIVATION.account, Reactivate: REACTIVATION.user };
        said.push(`${REACTIVATION.account}/${REACTIVATION.user}'s job fails on its switched-off key; the operator sends ${JSON.stringify(event)}`);
        await rotation(event, context(FUNCTION_NAMES.rotation));
      }
      const notified = await drainQueue(env.sqs, queues.notification.url, queues.notification.arn, FUNCTION_NAMES.notifier, tappedNotifier, NOTIFIER_MAPPING);
      notifications += notified.delivered;
      for (const message of today) {
        if (message.recipient.role === 'OWNER') owners.add(message.recipient.email);
        if (message.auditReason === 'OUTSIDE_ENFORCED_SCOPE') {
          const name = accountById.get(message.accountId)?.name ?? message.accountId;
          outsideReports.set(name, (outsideReports.get(name) ?? 0) + 1);
        }
      }
      if (today.some(reportsChange) || day === DAYS) {
        const after = await snapshotKeys(env.moto, org.accounts);
        said.push(...recordChanges(histories, before, after, day));
        before = after;
      }
      said.push(...recordReports(histories, today, day, START));
      said.push(...laterDeliveries(today, (id) => accountById.get(id)?.name ?? id));
      // Applications run through the day, after the morning's rotation run.
      await env.moto.clock.set(new Date(instant.getTime() + 3_600_000));
      const switched = await runApps(env.moto, apps, day);
      if (switched.length > 0) said.push(`${switched.join(', ')} switched to the new key`);
      const failures = rotated.failed + notified.failed;
      if (said.length > 0 || failures > 0) {
        console.log(`day ${String(day).padStart(3)} ${instant.toISOString().slice(0, 10)}: ${said.join('; ')}${failures > 0 ? `; ${failures} FAILED` : ''}`);
      }
    }
    console.log('\nWhat happened to every key (day 0 = the demo start; days 0-6 in audit mode):');
    console.log(formatTimeline(histories, START));
    console.log('\nThe cases of the lifecycle table, as they happened:');
    console.log(await describeCases(env.moto, org, histories, outsideReports));
    console.log('');
    console.log(`${notifications} notification messages through the queue; the emails they became:`);
    const accepted = await sentEmails(env.server.endpoint);
    console.log(summariseEmails(accepted));
    if (accepted.length !== recorder.mails.length) {
      console.log(`WARNING: moto accepted ${accepted.length} emails and the recorder saw ${recorder.mails.length}; demo-output/ may be incomplete`);
    }
    const totals = totalsLines(emailTotals(recorder.mails, owners), DAYS + 1);
    const index = await writeDemoOutput(OUTPUT, recorder.mails, START, totals);
    console.log(`\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s (admin address ${ADMIN_EMAIL})`);
    console.log(totals.join('\n'));
    console.log(`every email, HTML and text: ${path.relative(process.cwd(), index) || index} (${recorder.mails.length} emails, by day and recipient)`);
  } finally {
    clock.restore();
    await delivery?.close();
    await recorder.close();
    await env.server.stop();
  }
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
