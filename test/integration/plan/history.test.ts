import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { emptyLedger } from '../../../functions/core/ledger/schema';
import { LedgerStore } from '../../../functions/core/ledger/store';
import { recordActions, recordListing } from '../../../functions/core/ledger/update';
import { runPlanCommand } from '../../../scripts/plan/command';
import { useMoto } from '../../harness/moto';

const moto = useMoto();
const BUCKET = 'history-bucket';
const ACCOUNT = '123456789012';
const NOW = new Date('2026-01-05T06:00:00Z');

async function plan(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runPlanCommand(argv, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), now: () => NOW });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  const s3 = new S3Client({ ...moto.config(), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const ledger = emptyLedger(ACCOUNT, NOW);
  recordListing(ledger, 'app', [{ id: 'AKIAHISTORYPLAN00001', status: 'Inactive', createdAt: new Date('2025-09-01T00:00:00Z') }], undefined, NOW);
  recordActions(ledger, 'app', [{ at: NOW.toISOString(), action: 'DEACTIVATE', keyId: 'AKIAHISTORYPLAN00001', outcome: 'done', reason: 'DEACTIVATION_DUE' }]);
  await new LedgerStore(s3, BUCKET, 'asa/asa-iam-rotation').save(ledger, NOW, undefined);
});

describe('npm run plan -- --history USER --account ID', () => {
  test("prints the user's keys and what was done to them, read-only", async () => {
    const { code, stdout } = await plan(['--history', 'app', '--account', ACCOUNT, '--bucket', BUCKET]);
    expect(code).toBe(0);
    expect(stdout).toContain('AKIAHISTORYPLAN00001: Inactive, created 2025-09-01');
    expect(stdout).toContain('2026-01-05 06:00 DEACTIVATE AKIAHISTORYPLAN00001 done: DEACTIVATION_DUE');
  });

  test('needs one account and a bucket', async () => {
    expect((await plan(['--history', 'app', '--bucket', BUCKET])).stderr).toContain('needs exactly one --account ID');
    expect((await plan(['--history', 'app', '--account', ACCOUNT])).stderr).toContain('--stack NAME');
  });
});
