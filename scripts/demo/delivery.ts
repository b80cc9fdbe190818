import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { deliveryConfigKey, DELIVERY_TOKEN_SECRET_PREFIX } from '../../contract/names';
import { startGitHub, type EmulatedGitHub } from '../../emulator/delivery/github-server';
import { startGitLab, type EmulatedGitLab } from '../../emulator/delivery/gitlab-server';
import type { Moto } from '../../emulator/moto';
import type { NotificationMessage } from '../../functions/core/messages/notification';
import { TEMPLATE_BUCKET, TEMPLATE_PREFIX } from '../../emulator/deployment';

/** The demo's delivered user (issue 21): its owner's mail after the rotation says where the new key went. */
export const DELIVERED = { account: 'Workloads', user: 'etl', repository: 'acme/etl', project: 'data/etl', parameter: '/iam-key-rotation/etl' } as const;

/**
 * GitHub is down (502) on the day etl's key is rotated, the first day in
 * enforce mode: its owner's mail is CRITICAL about that target, the digest
 * counts it failing, the old key stays active, and the next day's run
 * delivers the key from its pending copy.
 */
export const GITHUB_OUTAGE = { day: 7, status: 502 } as const;

/** Starts or ends the outage of the day; a line for the demo's log on the day it starts. */
export function githubOutage(delivery: DemoDelivery | undefined, day: number): string | undefined {
  if (!delivery) return undefined;
  if (day === GITHUB_OUTAGE.day + 1) delivery.github.recover();
  if (day !== GITHUB_OUTAGE.day) return undefined;
  delivery.github.fail({ status: GITHUB_OUTAGE.status, times: Number.MAX_SAFE_INTEGER, pathContains: `/repos/${DELIVERED.repository}/` });
  return `GitHub answers ${GITHUB_OUTAGE.status} for ${DELIVERED.repository} all day`;
}

export interface DemoDelivery {
  readonly github: EmulatedGitHub;
  readonly gitlab: EmulatedGitLab;
  close(): Promise<void>;
}

/**
 * Starts the emulated GitHub and GitLab APIs, stores their tokens in the main
 * account's `iam-key-rotation/delivery/*` secrets and uploads a delivery.yaml
 * sending one user's new keys to a GitHub repository, a GitLab project and an
 * SSM parameter. The tokens are made up here and never printed.
 */
export async function startDemoDelivery(moto: Moto, accountId: string): Promise<DemoDelivery> {
  const githubToken = `ghp_demo${'0'.repeat(32)}`;
  const gitlabToken = 'glpat-demoGitLabToken0000';
  const github = await startGitHub({ tokens: [githubToken] });
  const gitlab = await startGitLab({ tokens: [gitlabToken] });
  const sm = new SecretsManagerClient(moto.config());
  const secret = async (kind: string, token: string): Promise<string> =>
    (await sm.send(new CreateSecretCommand({ Name: `${DELIVERY_TOKEN_SECRET_PREFIX}${kind}`, SecretString: JSON.stringify({ token }) }))).ARN ?? '';
  const yaml = [
    'version: 1',
    'github:',
    `  apiUrl: ${github.url}`,
    `  tokenSecretArn: ${await secret('github', githubToken)}`,
    'gitlab:',
    `  apiUrl: ${gitlab.url}`,
    `  tokenSecretArn: ${await secret('gitlab', gitlabToken)}`,
    'targets:',
    `  - account: "${accountId}"`,
    `    user: ${DELIVERED.user}`,
    '    deliver:',
    `      - github: { repository: ${DELIVERED.repository} }`,
    `      - gitlab: { project: ${DELIVERED.project} }`,
    `      - ssm: { name: ${DELIVERED.parameter}, region: us-east-1 }`,
    '',
  ].join('\n');
  await new S3Client({ ...moto.config(), forcePathStyle: true }).send(new PutObjectCommand({ Bucket: TEMPLATE_BUCKET, Key: deliveryConfigKey(TEMPLATE_PREFIX), Body: yaml }));
  return {
    github,
    gitlab,
    close: async () => {
      await github.close();
      await gitlab.close();
    },
  };
}

/** The deliveries a later run made (DELIVER actions), from the admin's reports of the day: "Workloads/etl: key …FFSQ delivered to GitHub acme/etl on a later run". */
export function laterDeliveries(messages: readonly NotificationMessage[], accountName: (accountId: string) => string): string[] {
  const lines = new Set<string>();
  for (const message of messages) {
    if (message.recipient.role !== 'ADMIN') continue;
    for (const user of message.users) {
      for (const action of user.actions) {
        if (action.type !== 'DELIVER') continue;
        const targets = (action.deliveries ?? []).map((item) => item.target).join(', ');
        lines.add(`${accountName(message.accountId)}/${user.userName}: key …${action.keyId.slice(-4)} delivered to ${targets} on a later run`);
      }
    }
  }
  return [...lines];
}
