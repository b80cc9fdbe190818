import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { withPlugins } from '../../../functions/core/aws/plugins';
import { emptyLedger } from '../../../functions/core/ledger/schema';
import { ledgerKey, LedgerStore } from '../../../functions/core/ledger/store';
import { recordListing } from '../../../functions/core/ledger/update';
import type { Logger } from '../../../functions/core/log/logger';
import { FaultInjector } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';

const moto = useMoto();
const BUCKET = 'ledger-bucket';
const PREFIX = 'asa/asa-iam-rotation';
const ACCOUNT = '222222222222';
const now = new Date('2026-03-01T06:00:00Z');

function recordingLogger(): Logger & { warnings: { message: string; fields: unknown }[] } {
  const warnings: { message: string; fields: unknown }[] = [];
  const logger: Logger & { warnings: typeof warnings } = {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (message, fields) => void warnings.push({ message, fields }),
    error: () => undefined,
    child: () => logger,
  };
  return logger;
}

const s3 = (): S3Client => new S3Client({ ...moto.config(), forcePathStyle: true });

beforeAll(async () => {
  await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
});

describe('LedgerStore', () => {
  const store = (): LedgerStore => new LedgerStore(s3(), BUCKET, PREFIX);

  it('a missing ledger starts empty with a WARNING that it is rebuilt from IAM', async () => {
    const logger = recordingLogger();
    const loaded = await store().load(ACCOUNT, now, logger);
    expect(loaded.state).toBe('missing');
    expect(loaded.ledger.users).toEqual({});
    expect(logger.warnings[0]?.message).toMatch(/rebuilding it from IAM/);
  });

  it('what is saved is read back, under <prefix>/Ledger/<accountId>.json', async () => {
    const ledger = emptyLedger(ACCOUNT, now);
    recordListing(ledger, 'app', [{ id: 'AKIASTOREDKEY0000001', status: 'Active', createdAt: new Date('2026-01-01T00:00:00Z') }], undefined, now);
    await store().save(ledger, now, undefined);
    expect(ledgerKey(PREFIX, ACCOUNT)).toBe(`${PREFIX}/Ledger/${ACCOUNT}.json`);
    const object = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: ledgerKey(PREFIX, ACCOUNT) }));
    expect(JSON.parse((await object.Body?.transformToString()) ?? '')).toMatchObject({ accountId: ACCOUNT, version: 1 });
    const logger = recordingLogger();
    const loaded = await store().load(ACCOUNT, now, logger);
    expect(loaded.state).toBe('read');
    expect(loaded.ledger.users.app?.keys[0]?.id).toBe('AKIASTOREDKEY0000001');
    expect(logger.warnings).toEqual([]);
  });

  it.each([
    ['not JSON', '{"version": 1,'],
    ['the wrong shape', JSON.stringify({ version: 1, accountId: ACCOUNT, updatedAt: 'yesterday', users: {} })],
    ["another account's ledger", JSON.stringify(emptyLedger('333333333333', now))],
  ])('a corrupt ledger (%s) starts empty with a WARNING', async (_, body) => {
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: ledgerKey(PREFIX, ACCOUNT), Body: body }));
    const logger = recordingLogger();
    const loaded = await store().load(ACCOUNT, now, logger);
    expect(loaded.state).toBe('corrupt');
    expect(loaded.ledger.users).toEqual({});
    expect(logger.warnings[0]?.message).toMatch(/unreadable; rebuilding it from IAM/);
  });

  it('a read that fails for another reason is an error, not a rebuild', async () => {
    const missingBucket = new LedgerStore(s3(), 'no-such-bucket', PREFIX);
    await expect(missingBucket.load(ACCOUNT, now, recordingLogger())).rejects.toMatchObject({ name: 'LedgerStoreError' });
  });

  describe('writes only over the version it read (conditional writes)', () => {
    const key = ledgerKey(PREFIX, ACCOUNT);
    const written = async (): Promise<string> => {
      const object = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      return (await object.Body?.transformToString()) ?? '';
    };
    const another = (userName: string): string => {
      const ledger = emptyLedger(ACCOUNT, now);
      recordListing(ledger, userName, [{ id: 'AKIAOTHERRUNKEY00001', status: 'Active', createdAt: new Date('2026-01-01T00:00:00Z') }], undefined, now);
      return JSON.stringify(ledger);
    };

    beforeEach(async () => {
      await s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    });

    it('reads the ETag with the ledger, and a write over that version succeeds', async () => {
      await store().save(emptyLedger(ACCOUNT, now), now, undefined);
      const loaded = await store().load(ACCOUNT, now, recordingLogger());
      expect(loaded.etag).toMatch(/^"?[0-9a-f]{32}"?$/);
      recordListing(loaded.ledger, 'app', [{ id: 'AKIASTOREDKEY0000001', status: 'Active', createdAt: new Date('2026-01-01T00:00:00Z') }], undefined, now);
      await store().save(loaded.ledger, now, loaded.etag);
      expect(JSON.parse(await written())).toMatchObject({ users: { app: { keys: [{ id: 'AKIASTOREDKEY0000001' }] } } });
    });

    it('a missing ledger has no ETag; it is created only if still absent', async () => {
      const loaded = await store().load(ACCOUNT, now, recordingLogger());
      expect(loaded).toMatchObject({ state: 'missing' });
      expect(loaded.etag).toBeUndefined();
      // Another run created it in between: this run's write must not replace it.
      await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: another('other') }));
      await expect(store().save(loaded.ledger, now, loaded.etag)).rejects.toMatchObject({ name: 'LedgerConflictError', cause: { name: 'PreconditionFailed' } });
      expect(await written()).toBe(another('other'));
    });

    it('a ledger written by another run since it was read is not overwritten', async () => {
      await store().save(emptyLedger(ACCOUNT, now), now, undefined);
      const loaded = await store().load(ACCOUNT, now, recordingLogger());
      await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: another('other') }));
      const error: unknown = await store().save(loaded.ledger, now, loaded.etag).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ name: 'LedgerConflictError', message: expect.stringMatching(/another run of the account wrote it since this run read it/) });
      expect(await written()).toBe(another('other'));
    });

    it('a corrupt ledger has its ETag: the rebuilt one replaces that version only', async () => {
      await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{"version": 1,' }));
      const loaded = await store().load(ACCOUNT, now, recordingLogger());
      expect(loaded.state).toBe('corrupt');
      expect(loaded.etag).toBeDefined();
      await store().save(loaded.ledger, now, loaded.etag);
      expect((await store().load(ACCOUNT, now, recordingLogger())).state).toBe('read');
    });

    it("S3's 409 ConditionalRequestConflict (another write under way) is a conflict too; any other failure is not", async () => {
      await store().save(emptyLedger(ACCOUNT, now), now, undefined);
      const loaded = await store().load(ACCOUNT, now, recordingLogger());
      const conflicting = new LedgerStore(withPlugins(s3(), { plugins: [new FaultInjector('ConditionalRequestConflict').failNext('PutObject').plugin] }), BUCKET, PREFIX);
      await expect(conflicting.save(loaded.ledger, now, loaded.etag)).rejects.toMatchObject({ name: 'LedgerConflictError' });
      const failing = new LedgerStore(withPlugins(s3(), { plugins: [new FaultInjector('InternalError').failNext('PutObject').plugin] }), BUCKET, PREFIX);
      await expect(failing.save(loaded.ledger, now, loaded.etag)).rejects.toMatchObject({ name: 'LedgerStoreError' });
    });
  });
});
