import fc from 'fast-check';
import { applyPlan, DAY_MS, DEFAULT_LIFECYCLE_SETTINGS, planUser, type AccessKeyState, type LifecycleSettings } from '../../../functions/core/lifecycle';
import type { NotificationMessage, ResultAction } from '../../../functions/core/messages/notification';
import { repeatsOf, withoutRepeats } from '../../../functions/notifier/once/repeats';
import { toResultAction } from '../../../functions/rotation/apply/user';
import { buildNotifications } from '../../../functions/rotation/result/notifications';
import { DAY0 } from '../lifecycle/fixtures';

/**
 * The milestone schedule end to end without AWS: the engine at every run,
 * the rotation function's messages (buildNotifications, toResultAction), and the
 * notifier's told-once filter over an in-memory record, as its S3 record
 * behaves (a name is claimed once). One key created on day 0; its owner's
 * application moves to each new key an hour after the run that made it.
 */
const OWNER = 'owner@example.com';
const ACCOUNT = '111122223333';
const FIRST_DAY = 80;
const LAST_DAY = 135;

interface Mail {
  readonly at: number;
  readonly actions: readonly ResultAction[];
}

function ownerMails(runTimes: readonly number[], settings: LifecycleSettings = DEFAULT_LIFECYCLE_SETTINGS): Mail[] {
  let keys: AccessKeyState[] = [{ id: 'AKIAK0', status: 'Active', createdAt: new Date(DAY0), lastUsedAt: new Date(DAY0) }];
  const told = new Set<string>();
  const mails: Mail[] = [];
  runTimes.forEach((at, index) => {
    const now = new Date(at);
    const plan = planUser({ userName: 'alice', keys, settings, exempt: false, forceRotate: false, now });
    keys = applyPlan(keys, plan, now, `AKIANEW${index}`);
    // The application uses the newest active key between runs.
    const newest = keys.filter((key) => key.status === 'Active').at(-1);
    keys = keys.map((key) => (key === newest ? { ...key, lastUsedAt: new Date(at + 60_000) } : key));
    const users = plan.actions.length === 0 ? [] : [{ userName: 'alice', actions: plan.actions.map((action) => toResultAction(action, action.type === 'WARN' ? 'PLANNED' : 'DONE')) }];
    const messages = buildNotifications({
      accountId: ACCOUNT,
      adminEmail: 'admin@example.com',
      dryRun: false,
      now,
      settings,
      users,
      owners: new Map([['alice', OWNER]]),
      failures: [],
    });
    const owner = messages.find((message: NotificationMessage) => message.recipient.role === 'OWNER');
    if (!owner) return;
    const repeats = repeatsOf(owner);
    const fresh = new Set(repeats.map((repeat) => repeat.id).filter((id) => !told.has(id)));
    for (const id of fresh) told.add(id);
    const sent = withoutRepeats(owner, repeats, fresh);
    if (sent) mails.push({ at, actions: sent.users.flatMap((user) => user.actions) });
  });
  return mails;
}

/** Reminders told, by key, announced action, due day and milestone: the count of each. */
function reminderCounts(mails: readonly Mail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const action of mails.flatMap((mail) => mail.actions)) {
    if (action.type !== 'WARN') continue;
    const name = `${action.keyId} ${action.announces ?? '?'} due ${action.dueAt.slice(0, 10)} @${action.milestone ?? '?'}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

const hour = fc.integer({ min: 0, max: 23 }).map((h) => h * 3_600_000 + 17 * 60_000);

/** Any number of runs a day (0 to 3: days missed, retries, console runs), at any hour. */
const anyRunTimes = fc
  .array(fc.array(hour, { minLength: 0, maxLength: 3 }), { minLength: LAST_DAY - FIRST_DAY + 1, maxLength: LAST_DAY - FIRST_DAY + 1 })
  .map((days) => days.flatMap((hours, offset) => [...hours].sort((a, b) => a - b).map((ms) => DAY0 + (FIRST_DAY + offset) * DAY_MS + ms)));

/** Exactly one run a day, at an hour that may change from day to day. */
const dailyRunTimes = fc
  .array(hour, { minLength: LAST_DAY - FIRST_DAY + 1, maxLength: LAST_DAY - FIRST_DAY + 1 })
  .map((hours) => hours.map((ms, offset) => DAY0 + (FIRST_DAY + offset) * DAY_MS + ms));

const RUNS = 300;

describe(`the milestone schedule (WarningDays 7,1), engine to mail (${RUNS} cases each)`, () => {
  test('whatever the run times (several a day, missed days), each milestone of a key reaches its owner at most once', () => {
    fc.assert(
      fc.property(anyRunTimes, (times) => {
        for (const [name, count] of reminderCounts(ownerMails(times))) expect({ name, count }).toEqual({ name, count: 1 });
      }),
      { numRuns: RUNS },
    );
  });

  test('with one run a day: exactly one reminder per milestone (7 and 1 before the deactivation, 7 before the deletion), and 6 mails over the key\'s whole cycle', () => {
    fc.assert(
      fc.property(dailyRunTimes, (times) => {
        const mails = ownerMails(times);
        expect([...reminderCounts(mails).entries()].sort()).toEqual([
          ['AKIAK0 DEACTIVATE due 2025-04-11 @1', 1],
          ['AKIAK0 DEACTIVATE due 2025-04-11 @7', 1],
          ['AKIAK0 DELETE due 2025-04-21 @7', 1],
        ]);
        // Rotation (day 90), reminders on 93 and 99, deactivation (100), reminder on 103, deletion (110).
        expect(mails.map((mail) => Math.floor((mail.at - DAY0) / DAY_MS))).toEqual([90, 93, 99, 100, 103, 110]);
      }),
      { numRuns: RUNS },
    );
  });

  test('at most 6 mails to the owner over a key\'s cycle with the defaults, whatever the run times', () => {
    fc.assert(
      fc.property(anyRunTimes, (times) => {
        expect(ownerMails(times).length).toBeLessThanOrEqual(6);
      }),
      { numRuns: RUNS },
    );
  });

  test('a run missed on a milestone\'s first day still reminds on the next run inside it; a milestone with no run inside it is skipped, not sent late', () => {
    const daily = Array.from({ length: LAST_DAY - FIRST_DAY + 1 }, (_, offset) => DAY0 + (FIRST_DAY + offset) * DAY_MS + 6 * 3_600_000);
    const dayOf = (mail: Mail): number => Math.floor((mail.at - DAY0) / DAY_MS);
    const missed93 = ownerMails(daily.filter((at) => Math.floor((at - DAY0) / DAY_MS) !== 93));
    expect(missed93.map(dayOf)).toEqual([90, 94, 99, 100, 103, 110]);
    const missedWeek = ownerMails(daily.filter((at) => { const d = Math.floor((at - DAY0) / DAY_MS); return d < 93 || d > 98; }));
    expect(missedWeek.map(dayOf)).toEqual([90, 99, 100, 103, 110]);
    expect(reminderCounts(missedWeek).has('AKIAK0 DEACTIVATE due 2025-04-11 @7')).toBe(false);
  });

  test('the engine names a reminder at every run inside a milestone\'s days, so 17 daily runs have something to say; the record keeps the owner to 6 mails', () => {
    const daily = Array.from({ length: LAST_DAY - FIRST_DAY + 1 }, (_, offset) => DAY0 + (FIRST_DAY + offset) * DAY_MS + 6 * 3_600_000);
    // The engine still plans a reminder at every run inside a milestone's days; it is the record that keeps it to one mail.
    let keys: AccessKeyState[] = [{ id: 'AKIAK0', status: 'Active', createdAt: new Date(DAY0), lastUsedAt: new Date(DAY0) }];
    let runsWithSomething = 0;
    daily.forEach((at, index) => {
      const plan = planUser({ userName: 'alice', keys, settings: DEFAULT_LIFECYCLE_SETTINGS, exempt: false, forceRotate: false, now: new Date(at) });
      if (plan.actions.length > 0) runsWithSomething++;
      keys = applyPlan(keys, plan, new Date(at), `AKIANEW${index}`);
    });
    expect(runsWithSomething).toBe(17);
    expect(ownerMails(daily)).toHaveLength(6);
  });
});
