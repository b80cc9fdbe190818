import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { startGitHub, type EmulatedGitHub } from '../../../emulator/delivery/github-server';
import { startGitLab, type EmulatedGitLab } from '../../../emulator/delivery/gitlab-server';
import { seedUser } from '../../../emulator/iam-users';
import type { Moto } from '../../../emulator/moto';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { ledgerDocument, type Ledger } from '../../../functions/core/ledger/schema';
import { ledgerKey } from '../../../functions/core/ledger/store';
import type { NotificationMessage, ResultAction } from '../../../functions/core/messages/notification';
import { createWorld, drainNotifications, invoke, type Invocation, type World } from '../rotation/fixture';

/** The delivery e2e's world: moto, an emulated GitHub and GitLab, the token secrets, delivery.yaml for ci-deployer. */
export const BUCKET = 'delivery-config-bucket';
export const PREFIX = 'asa/asa-iam-rotation';
const CONFIG_KEY = `${PREFIX}/Config/delivery.yaml`;
export const GITHUB_TOKEN = `ghp_${'R0tat1on'.repeat(5)}`;
export const GITLAB_TOKEN = 'glpat-RotationGitLabToken1';
export const T0 = new Date(Date.UTC(2025, 0, 6, 9, 0, 0));
export const runOn = (n: number): Date => new Date(T0.getTime() + n * DAY_MS + n * 60_000);

export const REPO = '/repos/acme/app/actions/secrets';
export const ENVIRONMENT = '/repos/acme/app/environments/production/secrets';
export const ORG = '/orgs/acme/actions/secrets';

export interface DeliveryWorld {
  readonly github: EmulatedGitHub;
  readonly gitlab: EmulatedGitLab;
  readonly world: World;
  /** delivery.yaml for ci-deployer with every target kind and scope, plus `extra` lines. */
  yaml(extra?: string): string;
  upload(text: string): Promise<void>;
  /** A run of the member account on day `n` after T0; the messages it queued. */
  runAt(n: number, options?: { env?: Record<string, string>; plugins?: readonly ClientPlugin[] }): Promise<Invocation & { messages: NotificationMessage[] }>;
  /** The member account's key ledger as the last run saved it; undefined when none was saved. */
  ledger(): Promise<Ledger | undefined>;
}

/**
 * Registers the hooks (emulated servers for the file, a fresh world per test)
 * and returns the world's handles. `env`: the rotation function's extra
 * environment for every run (central mode, for example).
 */
export function useDeliveryWorld(moto: Moto, env: () => Record<string, string> = () => ({})): DeliveryWorld {
  let github: EmulatedGitHub | undefined;
  let gitlab: EmulatedGitLab | undefined;
  let world: World | undefined;
  let tokenArns = { github: '', gitlab: '' };
  const s3 = (): S3Client => new S3Client({ ...moto.config(), forcePathStyle: true });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useDeliveryWorld: used outside a test');
    return value;
  };

  const handles: DeliveryWorld = {
    get github() {
      return need(github);
    },
    get gitlab() {
      return need(gitlab);
    },
    get world() {
      return need(world);
    },
    yaml(extra = '') {
      return [
        'version: 1',
        'github:',
        `  apiUrl: ${handles.github.url}`,
        `  tokenSecretArn: ${tokenArns.github}`,
        'gitlab:',
        `  apiUrl: ${handles.gitlab.url}`,
        `  tokenSecretArn: ${tokenArns.gitlab}`,
        'targets:',
        `  - account: "${handles.world.memberId}"`,
        '    user: ci-deployer',
        '    deliver:',
        '      - github: { repository: acme/app }',
        '      - github: { repository: acme/app, environment: production }',
        '      - github: { organization: acme, visibility: private }',
        '      - gitlab: { project: acme/app, environmentScope: "*", protected: true }',
        '      - ssm: { name: /iam-key-rotation/ci-deployer, region: us-east-1 }',
        extra,
      ].join('\n');
    },
    async upload(text) {
      await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: CONFIG_KEY, Body: text }));
    },
    async runAt(n, options = {}) {
      await moto.clock.set(runOn(n));
      const invocation = await invoke(handles.world, { account: handles.world.memberId }, { now: runOn(n), env: { ...env(), ...options.env }, ...(options.plugins ? { plugins: options.plugins } : {}) });
      return { ...invocation, messages: await drainNotifications(moto, handles.world.queueUrl) };
    },
    async ledger() {
      try {
        const object = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: ledgerKey(PREFIX, handles.world.memberId) }));
        return ledgerDocument.parse(JSON.parse((await object.Body?.transformToString()) ?? ''));
      } catch (error) {
        if (error instanceof Error && error.name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
  };

  beforeAll(async () => {
    github = await startGitHub({ tokens: [GITHUB_TOKEN] });
    gitlab = await startGitLab({ tokens: [GITLAB_TOKEN] });
  });

  afterAll(async () => {
    await github?.close();
    await gitlab?.close();
  });

  beforeEach(async () => {
    await moto.reset();
    for (const api of [handles.github, handles.gitlab]) {
      api.recover();
      api.received.splice(0);
    }
    world = await createWorld(moto, {
      [ROTATION_ENV.bucketName]: BUCKET,
      [ROTATION_ENV.bucketPrefix]: PREFIX,
      [ROTATION_ENV.deliverySsmPathPrefix]: '/iam-key-rotation/',
    });
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    const sm = new SecretsManagerClient(moto.config());
    const make = async (name: string, token: string): Promise<string> => (await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ token }) }))).ARN ?? '';
    tokenArns = { github: await make('iam-key-rotation/delivery/github', GITHUB_TOKEN), gitlab: await make('iam-key-rotation/delivery/gitlab', GITLAB_TOKEN) };
    await handles.upload(handles.yaml());
    await seedUser(moto, handles.world.member, { name: 'ci-deployer', keys: [{ ageDays: 0, lastUsedDaysAgo: 0 }] }, T0);
  });

  return handles;
}

export function adminActions(messages: readonly NotificationMessage[], userName = 'ci-deployer'): readonly ResultAction[] {
  return messages.find((m) => m.recipient.role === 'ADMIN')?.users.find((u) => u.userName === userName)?.actions ?? [];
}

export function adminNotes(messages: readonly NotificationMessage[]): string[] {
  return [...(messages.find((m) => m.recipient.role === 'ADMIN')?.notes ?? [])];
}

/** Writes a target received (PUT or POST): what a redelivery must not repeat. */
export const puts = (api: { received: readonly { method: string }[] }): number => api.received.filter((request) => request.method === 'PUT' || request.method === 'POST').length;
