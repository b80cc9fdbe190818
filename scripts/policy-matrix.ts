/**
 * npm run policy-matrix: proves the templates' policies with an IAM policy
 * simulator and prints both tables. Must allow: every request the functions
 * send in the scenarios (scripts/policy-matrix/scenarios.ts, run on a moto
 * of its own) and what the design promises users. Must deny: the matrix
 * (scripts/policy-matrix/matrix/rows.ts). Exits 1 if any row does not hold.
 *
 *   npm run policy-matrix                       scenarios + matrix
 *   npm run policy-matrix -- --check-records D  the requests `npm test` recorded in D (its reporter runs this)
 */
import { startMoto, stopProcess } from '../emulator/moto-server';
import { MANAGEMENT_ACCOUNT_ID, motoAt, useAwsEnvironment } from '../emulator/moto';
import { checkInvocations, type AllowResult } from './policy-matrix/record/check';
import { readInvocations } from './policy-matrix/record/records';
import { RequestRecorder } from './policy-matrix/record/recorder';
import { evaluateRows, type RowResult } from './policy-matrix/matrix/evaluate';
import { MUST_ALLOW_BY_DESIGN, MUST_DENY } from './policy-matrix/matrix/rows';
import { runScenarios } from './policy-matrix/scenarios';
import { allowTable, deniedDetails, matrixTable } from './policy-matrix/table';
import { DEPLOYMENTS } from './policy-matrix/deployment/deployments';

async function checkRecords(dir: string): Promise<number> {
  const invocations = readInvocations(dir);
  const results = await checkInvocations(invocations, MANAGEMENT_ACCOUNT_ID);
  const failed = results.filter((r) => !r.holds);
  const sent = results.reduce((sum, r) => sum + r.count, 0);
  process.stdout.write(`\npolicy simulation: ${invocations.length} function invocations in the tests sent or caused ${sent} AWS requests (${results.length} distinct); ${failed.length} not allowed\n`);
  if (failed.length > 0) process.stdout.write(`\nRequests the tests sent that the deployed policies would deny:\n${deniedDetails(failed)}\n`);
  return failed.length;
}

async function scenariosAndMatrix(): Promise<number> {
  const server = await startMoto();
  let allowed: AllowResult[];
  try {
    useAwsEnvironment(server.endpoint);
    const recorder = new RequestRecorder(MANAGEMENT_ACCOUNT_ID).install();
    await runScenarios(motoAt(server.endpoint), recorder);
    recorder.uninstall();
    allowed = await checkInvocations(recorder.invocations, MANAGEMENT_ACCOUNT_ID);
  } finally {
    await stopProcess(server.pid);
  }
  const byDesign: RowResult[] = await evaluateRows(MUST_ALLOW_BY_DESIGN, 'allow');
  const denied: RowResult[] = await evaluateRows(MUST_DENY, 'deny');
  const out = process.stdout;
  out.write('Deployments: ' + Object.values(DEPLOYMENTS).map((d) => `${d.name} (${d.summary})`).join('; ') + '\n\n');
  out.write(`Must allow: every request the functions sent in the scenarios (grouped), then what the design promises users\n\n${allowTable(allowed)}\n\n${matrixTable(byDesign)}\n\n`);
  out.write(`Must deny\n\n${matrixTable(denied)}\n\n`);
  const failures = [...allowed.filter((r) => !r.holds), ...byDesign.filter((r) => !r.holds), ...denied.filter((r) => !r.holds)];
  if (allowed.some((r) => !r.holds)) out.write(`Denied requests in full:\n${deniedDetails(allowed)}\n\n`);
  out.write(`must allow: ${allowed.filter((r) => r.holds).length + byDesign.filter((r) => r.holds).length} of ${allowed.length + byDesign.length} hold; must deny: ${denied.filter((r) => r.holds).length} of ${denied.length} hold\n`);
  return failures.length;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--check-records');
  const failed = at >= 0 ? await checkRecords(args[at + 1] ?? '') : await scenariosAndMatrix();
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
