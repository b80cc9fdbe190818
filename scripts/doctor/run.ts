import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describeError } from '../../functions/core/errors/describe';
import { scrubber } from '../../functions/core/scrub/scrub';
import { singleLine } from '../../functions/core/text/escape';
import { codeCheck, dlqCheck, readMainStack, sesAccountCheck, sesSenderCheck, stackCheck, stackSetCheck, type CheckId, type CheckResult, type DoctorTarget } from './checks';
import type { DoctorClients } from './clients';
import { deliveryCheck, internetHosts, readDeliveryState, type DeliveryState } from './delivery-check';
import { complianceCheck, kmsCheck, lastRunCheck, scheduleCheck } from './more-checks';
import { vpcCheck } from './vpc-check';

/**
 * Runs every check, each on its own: one that cannot run (an error, a
 * permission it lacks) fails with that error rather than stopping the rest.
 */
export async function runChecks(clients: DoctorClients, target: DoctorTarget, now: Date = new Date()): Promise<CheckResult[]> {
  const caller = await clients.sts.send(new GetCallerIdentityCommand({}));
  const main = await readMainStack(clients, target);
  const guarded = async (id: CheckId, check: () => Promise<CheckResult> | CheckResult): Promise<CheckResult> => {
    try {
      return await check();
    } catch (error) {
      return { id, ok: false, message: `could not check: ${describeError(error)}`, fix: 'run with credentials that may read it (see docs/deploy.md, "The doctor")' };
    }
  };
  let delivery: DeliveryState | undefined;
  return [
    await guarded('stack', () => stackCheck(main, target)),
    await guarded('code', () => codeCheck(clients, main)),
    await guarded('ses-sender', () => sesSenderCheck(clients, main, target)),
    await guarded('ses-account', () => sesAccountCheck(clients, main, target)),
    await guarded('stackset', () => stackSetCheck(clients, main, target, caller.Account ?? '')),
    await guarded('schedule', () => scheduleCheck(clients, main, target)),
    await guarded('dlq', () => dlqCheck(clients, target)),
    await guarded('last-run', () => lastRunCheck(clients, main, now)),
    await guarded('kms', () => kmsCheck(clients, main, target)),
    await guarded('compliance', () => complianceCheck(clients, main)),
    await guarded('delivery', async () => {
      delivery = await readDeliveryState(clients, main);
      return deliveryCheck(clients, main, delivery);
    }),
    // A delivery.yaml that cannot be read leaves the VPC check without delivery hosts: its own line says why.
    await guarded('vpc', () => vpcCheck(clients, main, internetHosts(delivery))),
  ];
}

/** 0: every check passed; 1: some failed. */
export function doctorExitCode(results: readonly CheckResult[]): 0 | 1 {
  return results.every((result) => result.ok) ? 0 : 1;
}

/** One line a check: PASS or FAIL, its id, what is wrong, and the fix. */
export function formatResults(results: readonly CheckResult[], format: 'text' | 'json'): string {
  if (format === 'json') {
    return `${JSON.stringify({ ok: results.every((r) => r.ok), checks: results.map((r) => ({ id: r.id, ok: r.ok, message: scrubber.text(r.message), fix: r.fix ?? null })) }, null, 2)}\n`;
  }
  return `${results.map((r) => singleLine(scrubber.text(`${r.ok ? 'PASS' : 'FAIL'} ${r.id}: ${r.message}${r.fix ? ` -> fix: ${r.fix}` : ''}`))).join('\n')}\n`;
}
