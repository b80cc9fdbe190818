import { CreateBucketCommand, GetObjectCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseSamConfig } from '../../../scripts/deploy/samconfig';
import { MissingBucketError, syncToBucket } from '../../../scripts/lib/s3-sync';
import { parameterOverrides, parseUploadArgs, upload, uploadDelivery, UsageError } from '../../../scripts/upload';
import { DeliveryConfigError } from '../../../functions/core/delivery/config/errors';
import { CODE_VERSION_PARAMETERS, ZIP_NAMES } from '../../../contract/names';
import { useMoto } from '../../harness/moto';

const moto = useMoto();
const run = promisify(execFile);

async function fakeDist(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dist-'));
  const files: Record<string, string> = {
    'CloudFormation/main.yaml': 'Resources: {}\n',
    'Template/iam-auto-key-rotation-enforcement.html': '<p>{{account_id}}</p>',
    'Test Units/event.json': '{"account": "111122223333"}',
    'Unrelated/ignored.txt': 'not part of the layout',
    ...Object.fromEntries(Object.values(ZIP_NAMES).map((zip) => [`Lambda/${zip}`, `zip bytes of ${zip}`])),
  };
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
    await writeFile(path.join(dir, relative), content);
  }
  return dir;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

function s3(): S3Client {
  return new S3Client({ ...moto.config(), forcePathStyle: true });
}

describe('upload to the S3 layout', () => {
  test('uploads the layout under the prefix, then skips what is unchanged, then uploads only what changed', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'artifacts' }));
    const distDir = await fakeDist();
    const options = { s3: s3(), bucket: 'artifacts', prefix: 'asa/asa-iam-rotation', distDir, dryRun: false };

    const first = await syncToBucket(options);
    expect(first.entries.filter((e) => e.changed).map((e) => e.key)).toEqual([
      'asa/asa-iam-rotation/CloudFormation/main.yaml',
      'asa/asa-iam-rotation/Lambda/access_key_auto_rotation.zip',
      'asa/asa-iam-rotation/Lambda/account_inventory.zip',
      'asa/asa-iam-rotation/Lambda/notifier.zip',
      'asa/asa-iam-rotation/Template/iam-auto-key-rotation-enforcement.html',
      'asa/asa-iam-rotation/Test Units/event.json',
    ]);
    const stored = await s3().send(
      new GetObjectCommand({ Bucket: 'artifacts', Key: 'asa/asa-iam-rotation/Template/iam-auto-key-rotation-enforcement.html' }),
    );
    expect(await stored.Body?.transformToString()).toBe('<p>{{account_id}}</p>');

    const second = await syncToBucket(options);
    expect(second.entries.filter((e) => e.changed)).toEqual([]);

    await writeFile(path.join(distDir, 'Lambda', ZIP_NAMES.notifier), 'new notifier bytes');
    const third = await syncToBucket(options);
    expect(third.entries.filter((e) => e.changed).map((e) => e.key)).toEqual(['asa/asa-iam-rotation/Lambda/notifier.zip']);
  });

  test('dry run uploads nothing', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'dry' }));
    const distDir = await fakeDist();
    const result = await syncToBucket({ s3: s3(), bucket: 'dry', prefix: 'p', distDir, dryRun: true });
    expect(result.entries.every((e) => e.changed)).toBe(true);
    const again = await syncToBucket({ s3: s3(), bucket: 'dry', prefix: 'p', distDir, dryRun: true });
    expect(again.entries.every((e) => e.changed)).toBe(true);
  });

  test('a versioned bucket gives the code-version overrides for sam deploy, also for unchanged zips', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'versioned' }));
    await s3().send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Enabled' } }));
    const distDir = await fakeDist();
    const options = { bucket: 'versioned', prefix: 'asa/asa-iam-rotation', dryRun: false, distDir };
    const lines: string[] = [];
    const first = await upload(options, (line) => lines.push(line));
    const overrides = parameterOverrides(options, first);
    for (const name of Object.values(CODE_VERSION_PARAMETERS)) {
      expect(overrides.some((o) => o.startsWith(`${name}=`) && o.length > name.length + 1)).toBe(true);
    }
    expect(lines.join('\n')).toContain('sam deploy --parameter-overrides');
    expect(lines.join('\n')).not.toContain('not versioned');

    const second = await upload(options, () => undefined);
    expect(parameterOverrides(options, second)).toEqual(overrides);
  });

  test('--write-samconfig writes the bucket, prefix and code versions into samconfig.toml, keeping its comments; again: already there', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'samconfig-bucket' }));
    await s3().send(new PutBucketVersioningCommand({ Bucket: 'samconfig-bucket', VersioningConfiguration: { Status: 'Enabled' } }));
    const samconfig = path.join(await mkdtemp(path.join(os.tmpdir(), 'samconfig-')), 'samconfig.toml');
    await writeFile(samconfig, await readFile(path.join(__dirname, '..', '..', '..', 'samconfig.toml'), 'utf8'));
    const options = { ...parseUploadArgs(['--bucket', 'samconfig-bucket', '--write-samconfig', '--samconfig', samconfig]), distDir: await fakeDist() };
    const lines: string[] = [];
    const result = await upload(options, (line) => lines.push(line));
    expect(lines).toContain(`wrote 5 parameter overrides into ${samconfig}`);
    const written = parseSamConfig(await readFile(samconfig, 'utf8'));
    expect(written.parameters).toMatchObject(Object.fromEntries(parameterOverrides(options, result).map((o) => o.split('=') as [string, string])));
    expect(written.parameters.S3BucketName).toBe('samconfig-bucket');
    expect(await readFile(samconfig, 'utf8')).toContain('# Object versions of the zips, printed by `npm run upload`. CHANGE ME');
    const again: string[] = [];
    await upload(options, (line) => again.push(line));
    expect(again).toContain(`${samconfig} already has these versions`);
  });

  test('an unversioned bucket gets a warning that says how to enable versioning', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'plain' }));
    const lines: string[] = [];
    await upload({ bucket: 'plain', prefix: 'x', dryRun: false, distDir: await fakeDist() }, (line) => lines.push(line));
    expect(lines.join('\n')).toContain('put-bucket-versioning --bucket plain');
  });

  test('a missing bucket is a MissingBucketError that says what to do', async () => {
    const distDir = await fakeDist();
    await expect(syncToBucket({ s3: s3(), bucket: 'no-such-bucket', prefix: 'p', distDir, dryRun: false })).rejects.toThrow(
      MissingBucketError,
    );
    await expect(syncToBucket({ s3: s3(), bucket: 'no-such-bucket', prefix: 'p', distDir, dryRun: false })).rejects.toThrow(
      /aws s3 mb s3:\/\/no-such-bucket/,
    );
  });

  test('arguments: --bucket is required, the prefix defaults to the classic one', () => {
    expect(() => parseUploadArgs([])).toThrow(UsageError);
    expect(parseUploadArgs(['--bucket', 'b']).prefix).toBe('asa/asa-iam-rotation');
    expect(parseUploadArgs(['--bucket', 'b', '--dry-run']).dryRun).toBe(true);
  });

  test('the command line answers missing credentials and a missing bucket with one line each', async () => {
    const distDir = await fakeDist();
    const tsx = path.join(__dirname, '../../../node_modules/.bin/tsx');
    const script = path.join(__dirname, '../../../scripts/upload.ts');
    const noCredentials = {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: moto.endpoint,
    };
    const missingCredentials = await run(tsx, [script, '--bucket', 'plain', '--dist', distDir], { env: noCredentials }).catch(
      (error: { stderr: string; code: number }) => error,
    );
    expect('code' in missingCredentials && missingCredentials.code).toBe(1);
    // Node 20 may add the SDK's own Node-version notice above; ours is the last line.
    expect(lastLine((missingCredentials as { stderr: string }).stderr)).toBe(
      'upload: no AWS credentials found: pass --profile NAME, or run `aws configure` / `aws sso login` first',
    );

    const withCredentials = { ...noCredentials, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
    const missingBucket = await run(tsx, [script, '--bucket', 'nope', '--dist', distDir], { env: withCredentials }).catch(
      (error: { stderr: string; code: number }) => error,
    );
    expect(lastLine((missingBucket as { stderr: string }).stderr)).toBe(
      'upload: bucket nope does not exist: create it (aws s3 mb s3://nope) or pass another --bucket',
    );
  });
});

describe('upload --delivery-config', () => {
  const valid = [
    'version: 1',
    'targets:',
    '  - account: "111122223333"',
    '    user: ci-deployer',
    '    deliver: [{ ssm: { name: /iam-key-rotation/ci-deployer, region: us-east-1 } }]',
    '',
  ].join('\n');

  async function configFile(text: string): Promise<string> {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'delivery-')), 'delivery.yaml');
    await writeFile(file, text);
    return file;
  }

  test('checks the file, then puts it at <prefix>/Config/delivery.yaml and nothing else', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'delivery-upload' }));
    const lines: string[] = [];
    const options = parseUploadArgs(['--bucket', 'delivery-upload', '--prefix', 'p', '--delivery-config', await configFile(valid)]);
    await uploadDelivery({ ...options, deliveryConfig: options.deliveryConfig ?? '' }, (line) => lines.push(line));
    const stored = await s3().send(new GetObjectCommand({ Bucket: 'delivery-upload', Key: 'p/Config/delivery.yaml' }));
    expect(await stored.Body?.transformToString()).toBe(valid);
    expect(lines.join('\n')).toContain('valid, 1 user(s), 1 target(s); uploaded to s3://delivery-upload/p/Config/delivery.yaml');
  });

  test('refuses a wrong file before uploading anything, naming the field and line', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'delivery-refused' }));
    const file = await configFile(valid.replace('region: us-east-1', 'regoin: us-east-1'));
    await expect(uploadDelivery({ ...parseUploadArgs(['--bucket', 'delivery-refused']), deliveryConfig: file }, () => undefined)).rejects.toThrow(DeliveryConfigError);
    await expect(uploadDelivery({ ...parseUploadArgs(['--bucket', 'delivery-refused']), deliveryConfig: file }, () => undefined)).rejects.toThrow(
      'targets[0].deliver[0].ssm.regoin (line 5): unknown field',
    );
    const listed = await s3().send(new GetObjectCommand({ Bucket: 'delivery-refused', Key: 'asa/asa-iam-rotation/Config/delivery.yaml' })).catch((error: Error) => error.name);
    expect(listed).toBe('NoSuchKey');
  });
});
