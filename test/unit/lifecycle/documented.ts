import type { LifecycleSettings } from '../../../functions/core/lifecycle';
import type { AppBehaviour } from './daily';

/**
 * The timeline the README ("What it does to a key") promises, written from
 * its words, not from the engine: for a key created on day 0 and replaced
 * every R days, what each day's run reports, as runDaily's compact lines.
 * R = RotationPeriod, B = InactiveBuffer, G = RecoveryGracePeriod, W =
 * WarningDays (milestones), U = InUseWindow, P = MaxPostponeDays.
 */
export function documentedTimeline(settings: LifecycleSettings, app: AppBehaviour, lastDay: number): Map<number, string[]> {
  const { rotationPeriodDays: R, inactiveBufferDays: B, recoveryGracePeriodDays: G, warningDays: W } = settings;
  const { inUseWindowDays: U, maxPostponeDays: P, inUseKeyAction: mode } = settings;
  const log = new Map<number, string[]>();
  const add = (d: number, line: string): void => {
    if (d < 0 || d > lastDay) return;
    log.set(d, [...(log.get(d) ?? []), line]);
  };
  // Each run in the days before `due` names the milestone m whose window (next smaller milestone, m] holds the days left.
  const warnBefore = (what: string, id: string, due: number, milestones: readonly number[]): void => {
    const sorted = [...milestones].sort((a, b) => a - b);
    sorted.forEach((m, index) => {
      for (let left = (sorted[index - 1] ?? 0) + 1; left <= m; left++) add(due - left, `WARN(${what})@${m} ${id} due ${due} INFO`);
    });
  };
  const largest = W.length > 0 ? [Math.max(...W)] : [];

  for (let created = 0; created <= lastDay; created += R) {
    const id = created === 0 ? 'K0' : `NEW-day${created}`;
    const rotation = created + R;
    // Rotated on day R with no reminder before (the old key keeps working).
    add(rotation, `ROTATE ${id} due ${rotation} INFO`);
    let deactivatedOn: number;
    if (app === 'never-uses') {
      // A replaced key that was never used is deactivated at once, and deleted G days later.
      add(rotation, `DEACTIVATE ${id} due ${rotation} INFO`);
      deactivatedOn = rotation;
    } else {
      // Deactivated B days after the rotation, reminded at each milestone before.
      const due = rotation + B;
      warnBefore('DEACTIVATE', id, due, W);
      if (app === 'switches') {
        add(due, `DEACTIVATE ${id} due ${due} INFO`);
        deactivatedOn = due;
      } else if (mode === 'Deactivate') {
        // Still in use: the date holds, and the deactivation is CRITICAL.
        add(due, `DEACTIVATE ${id} due ${due} CRITICAL`);
        deactivatedOn = due;
      } else if (app === 'stays') {
        // Postpone: CRITICAL when the postponement starts, reported every day, deactivated B + P days after the rotation.
        const limit = due + P;
        add(due, `POSTPONE ${id} due ${due} until ${limit} CRITICAL`);
        for (let d = due + 1; d < limit; d++) add(d, `POSTPONE ${id} due ${due} until ${limit} WARNING`);
        add(limit, `DEACTIVATE ${id} due ${limit} CRITICAL`);
        deactivatedOn = limit;
      } else {
        // Postpone, and the application moves on when told: deactivated at the first run U days after its last use.
        const limit = due + P;
        add(due, `POSTPONE ${id} due ${due} until ${limit} CRITICAL`);
        for (let d = due + 1; d <= due + U; d++) add(d, `POSTPONE ${id} due ${due} until ${limit} WARNING`);
        deactivatedOn = due + U + 1;
        add(deactivatedOn, `DEACTIVATE ${id} due ${due} INFO`);
      }
    }
    // Deleted G days after its deactivation, reminded at the largest milestone before.
    const deletion = deactivatedOn + G;
    warnBefore('DELETE', id, deletion, largest);
    add(deletion, `DELETE ${id} due ${deletion} INFO`);
  }
  // Day order, as a daily run logs them.
  return new Map([...log].sort(([a], [b]) => a - b).map(([d, lines]) => [d, lines.sort()]));
}
