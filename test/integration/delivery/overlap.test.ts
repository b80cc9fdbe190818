/**
 * Two runs of one account at once (a redelivered message, a console run during
 * the scheduled one): the ledger is written only over the version a run read;
 * when another run wrote it in between, this run's changes are merged into
 * that one (docs/ledger.md, "Two runs of one account at once").
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { secretName } from '../../../contract/names';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';
import { recordDeliveries } from '../../../functions/core/ledger/deliveries';
import { emptyLedger, type Ledger } from '../../../functions/core/ledger/schema';
import { ledgerKey } from '../../../functions/core/ledger/store';
import { recordActions, recordListing } from '../../../functions/core/ledger/update';
import { LEDGER_WRITE_ATTEMPTS } from '../../../functions/rotation/ledger/write';
import { useMoto } from '../../harness/moto';
import { keysOf, secretOf } from '../rotation/fixture';
import { adminActions, adminNotes, PREFIX, BUCKET, runOn, useDeliveryWorld } from './fixture';

const moto = useMoto();
const delivery = useDeliveryWorld(moto);
const USER = 'ci-deployer';
const day = (n: number): string => runOn(n).toISOString().slice(0, 10);
const s3 = (): S3Client => new S3Client({ ...moto.config(), forcePathStyle: true });

/**
 * The other run, as a fault injected into this one: just before this run's
 * PutObject of the ledger (the first `times` of them), another writer reads the
 * ledger as it is now, changes it (`change`, with the number of its write) and
 * writes it. Also counts this run's ledger calls.
 */
class OtherRun {
  readonly ledgerCalls: string[] = [];
  written = 0;

  constructor(
    private readonly times: number,
    private readonly change: (ledger: Ledger, write: number) => void,
  ) {}

  readonly plugin: ClientPlugin = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          const operation = context.commandName?.replace(/Command$/, '') ?? '?';
          if (String((args.input as { Key?: unknown }).Key).includes('/Ledger/')) {
            this.ledgerCalls.push(operation);
            if (operation === 'PutObject' && this.written < this.times) await this.write();
          }
          return next(args);
        },
        { step: 'initialize', name: 'testOtherLedgerWriter' },
      );
    },
  };

  private async write(): Promise<void> {
    this.written += 1;
    const key = ledgerKey(PREFIX, delivery.world.memberId);
    const ledger = (await delivery.ledger()) ?? emptyLedger(delivery.world.memberId, runOn(0));
    this.change(ledger, this.written);
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(ledger) }));
  }
}

/** What another run of the account would add: a history line of its own and a delivery record that failed. */
function otherRunsRecords(at: Date) {
  return (ledger: Ledger, write: number): void => {
    recordActions(ledger, USER, [{ at: at.toISOString(), action: 'OBSERVE', runId: `other-run-${write}`, outcome: 'failed', reason: 'the other run' }]);
    recordDeliveries(ledger, USER, [{ at: at.toISOString(), keyId: `AKIAOTHERRUNKEY${String(write).padStart(5, '0')}`, target: 'ssm:other-run', label: 'SSM other', outcome: 'failed', code: 'ThrottlingException' }]);
  };
}

const failGitHubRepo = (): void => delivery.github.fail({ status: 503, times: 10_000, pathContains: '/repos/acme/app/actions' });
const newKeyId = async (): Promise<string> => (await keysOf(moto, delivery.world.member, USER)).at(-1)?.AccessKeyId ?? '';

describe('two runs of one account at once write the key ledger without losing each other’s records', () => {
  it('another run wrote it between this run’s read and write: both runs’ history and delivery records are kept, and the failing target still holds the old key', async () => {
    await delivery.runAt(80);
    failGitHubRepo();
    const other = new OtherRun(1, otherRunsRecords(new Date(runOn(90).getTime() - 60_000)));
    const rotation = await delivery.runAt(90, { plugins: [other.plugin] });
    const key = await newKeyId();

    expect(other.written).toBe(1);
    // Read, a write refused (412), read again, the merged write: no note, nothing kept elsewhere.
    expect(other.ledgerCalls).toEqual(['GetObject', 'PutObject', 'GetObject', 'PutObject']);
    expect(adminNotes(rotation.messages).filter((note) => /key ledger|beside the secret/.test(note))).toEqual([]);
    const user = (await delivery.ledger())?.users[USER];
    expect(user?.actions.map((line) => `${line.runId ?? ''} ${line.action} ${line.outcome}`)).toEqual(expect.arrayContaining(['other-run-1 OBSERVE failed', expect.stringMatching(/ ROTATE done$/)]));
    expect(user?.deliveries.map((entry) => `${entry.at.slice(0, 10)} ${entry.target.startsWith('github:repo:') ? 'repo' : entry.target} ${entry.outcome}`)).toEqual(
      expect.arrayContaining([`${day(90)} ssm:other-run failed`, `${day(90)} repo failed`]),
    );
    expect(user?.deliveries.filter((entry) => entry.keyId === key && entry.outcome === 'delivered')).toHaveLength(4);

    // The failed delivery survived the other run's write: the old key is held at its date.
    const due = await delivery.runAt(100);
    expect(adminActions(due.messages).find((action) => action.type === 'POSTPONE')).toMatchObject({ reason: 'DELIVERY_PENDING', pendingDeliveries: [{ target: 'GitHub acme/app', failure: 'HTTP 503' }] });
    expect((await keysOf(moto, delivery.world.member, USER)).map((listed) => listed.Status)).toEqual(['Active', 'Active']);
  });

  it('the first run of an account: another run created the ledger meanwhile, and this run merges into it instead of replacing it', async () => {
    const other = new OtherRun(1, (ledger, write) => {
      recordListing(ledger, 'other-user', [{ id: 'AKIAOTHERUSERKEY0001', status: 'Active', createdAt: runOn(0) }], undefined, runOn(79));
      otherRunsRecords(runOn(79))(ledger, write);
    });
    const first = await delivery.runAt(80, { plugins: [other.plugin] });

    // Read (none), a write refused (IfNoneMatch '*': it exists now), read again, the merged write.
    expect(other.ledgerCalls).toEqual(['GetObject', 'PutObject', 'GetObject', 'PutObject']);
    expect(adminNotes(first.messages).filter((note) => /key ledger could not/.test(note))).toEqual([]);
    const ledger = await delivery.ledger();
    expect(ledger?.users['other-user']?.keys.map((known) => known.id)).toEqual(['AKIAOTHERUSERKEY0001']);
    expect(ledger?.users[USER]?.actions.map((line) => line.runId)).toEqual(['other-run-1']);
    expect(ledger?.users[USER]?.deliveries.map((entry) => entry.target)).toEqual(['ssm:other-run']);
    // This run's own record of the user: its key, named from IAM.
    expect(ledger?.users[USER]?.keys.map((known) => known.id)).toEqual([(await keysOf(moto, delivery.world.member, USER))[0]?.AccessKeyId]);
  });

  it(`others writing it before every one of the ${LEDGER_WRITE_ATTEMPTS} writes: the run gives up as when S3 refuses the write, and the delivery outcomes are kept beside the secret`, async () => {
    await delivery.runAt(80);
    failGitHubRepo();
    const other = new OtherRun(Number.POSITIVE_INFINITY, otherRunsRecords(new Date(runOn(90).getTime() - 60_000)));
    const rotation = await delivery.runAt(90, { plugins: [other.plugin] });
    const key = await newKeyId();

    expect(other.ledgerCalls.filter((operation) => operation === 'PutObject')).toHaveLength(LEDGER_WRITE_ATTEMPTS);
    expect(adminNotes(rotation.messages)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^the key ledger could not be written \(LedgerConflictError: PutObject .*another run of the account wrote it since this run read it/),
        `${USER}: this run's delivery outcomes were kept beside the secret instead; the next run reads them from there`,
      ]),
    );
    // The ledger is the other runs'; this run's failure is in the tags, where the next run reads it.
    expect((await delivery.ledger())?.users[USER]?.actions.map((line) => line.runId)).toEqual(Array.from({ length: LEDGER_WRITE_ATTEMPTS }, (_, index) => `other-run-${index + 1}`));
    const secret = await secretOf(moto, delivery.world.member, secretName(delivery.world.memberId, USER));
    expect(Object.values(secret?.tags ?? {}).filter((value) => value.endsWith(' FAILED'))).toEqual([`${key} ${runOn(90).toISOString()} 503 FAILED`]);
  });
});

