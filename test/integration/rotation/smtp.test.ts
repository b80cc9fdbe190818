import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { secretName, USER_TAGS } from '../../../contract/names';
import { seedUser } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { pythonSmtpPasswords } from '../../harness/python-smtp-password';
import { createWorld, drainNotifications, invoke, OWNER_TAG, secretOf, type World } from './fixture';

const moto = useMoto();
const NOW = new Date(Date.UTC(2025, 6, 1, 6, 0, 0));
const DUE = { ageDays: 95, lastUsedDaysAgo: 1 };

/** The policy the SES console attaches to the SMTP user it creates (AmazonSesSendingAccess). */
const SES_CONSOLE_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ses:SendRawEmail', Resource: '*' }] });
const policy = (...actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

describe('SES SMTP users on moto: found from their policies or tags, their secret holds SmtpPasswords', () => {
  let world: World;
  let iam: IAMClient;

  beforeAll(async () => {
    await moto.reset();
    world = await createWorld(moto);
    iam = new IAMClient(moto.config(world.member));
    const inline = async (user: string, document: string) => iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'p', PolicyDocument: document }));

    // Made by the SES console: one inline policy allowing ses:SendRawEmail.
    await seedUser(moto, world.member, { name: 'ses-smtp-user.20250101', tags: { [OWNER_TAG]: 'mail@example.com' }, keys: [DUE] }, NOW);
    await inline('ses-smtp-user.20250101', SES_CONSOLE_POLICY);
    // Mail only through an attached customer-managed policy: found through the same call.
    await seedUser(moto, world.member, { name: 'managed-mailer', keys: [DUE] }, NOW);
    const mail = await iam.send(new CreatePolicyCommand({ PolicyName: 'send-mail', PolicyDocument: policy('ses:SendEmail', 'ses:SendRawEmail') }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'managed-mailer', PolicyArn: mail.Policy?.Arn }));
    // Mail and more: not an SMTP-only user.
    await seedUser(moto, world.member, { name: 'mailer-and-more', keys: [DUE] }, NOW);
    await inline('mailer-and-more', policy('ses:SendRawEmail', 's3:GetObject'));
    // Mail inline, but a group grants more.
    await seedUser(moto, world.member, { name: 'grouped', keys: [DUE] }, NOW);
    await inline('grouped', SES_CONSOLE_POLICY);
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    const read = await iam.send(new CreatePolicyCommand({ PolicyName: 'read', PolicyDocument: policy('s3:GetObject') }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: read.Policy?.Arn }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'grouped' }));
    // Declared by tag, for two regions (IAM tag values cannot hold commas: spaces separate them).
    await seedUser(moto, world.member, { name: 'tagged', tags: { [USER_TAGS.smtpRegions]: 'eu-west-1 eu-central-1' }, keys: [DUE] }, NOW);
    // Opted out.
    await seedUser(moto, world.member, { name: 'opted-out', tags: { [USER_TAGS.smtp]: 'false' }, keys: [DUE] }, NOW);
    await inline('opted-out', SES_CONSOLE_POLICY);
    await moto.clock.set(NOW);
  });

  test('one run: each SMTP user\'s secret holds the SMTP password of its new key for its regions, equal to Python\'s derivation; no one else\'s does', async () => {
    const { result, logLines } = await invoke(world, { account: world.memberId }, { now: NOW });
    expect(result).toMatchObject({ actions: { ROTATE: { DONE: 6 } } });
    const expected: Record<string, readonly string[] | undefined> = {
      'ses-smtp-user.20250101': ['us-east-1'],
      'managed-mailer': ['us-east-1'],
      'mailer-and-more': undefined,
      grouped: undefined,
      tagged: ['eu-west-1', 'eu-central-1'],
      'opted-out': undefined,
    };
    const messages = await drainNotifications(moto, world.queueUrl);
    const admin = messages.find((m) => m.recipient.role === 'ADMIN');
    const everything = [JSON.stringify(result), ...messages.map((m) => JSON.stringify(m)), ...logLines].join('\n');
    for (const [user, regions] of Object.entries(expected)) {
      const secret = await secretOf(moto, world.member, secretName(world.memberId, user));
      const stored = secret?.value.SmtpPasswords;
      expect({ user, regions: stored ? Object.keys(stored) : undefined }).toEqual({ user, regions });
      if (stored && regions) {
        const python = pythonSmtpPasswords(regions.map((region) => [secret.value.SecretAccessKey, region] as const));
        expect(regions.map((region) => stored[region])).toEqual(python);
        // An SMTP password is as secret as the key it derives from.
        for (const password of Object.values(stored)) expect(everything).not.toContain(password);
      }
      const rotate = admin?.users.find((u) => u.userName === user)?.actions.find((a) => a.type === 'ROTATE');
      expect({ user, smtpRegions: rotate?.smtpRegions }).toEqual({ user, smtpRegions: regions });
    }
    // The owner is told that the SMTP password changed and where to read the new one.
    const owner = messages.find((m) => m.recipient.role === 'OWNER' && m.recipient.email === 'mail@example.com');
    expect(owner?.users[0]?.actions.find((a) => a.type === 'ROTATE')).toMatchObject({ smtpRegions: ['us-east-1'], secretName: secretName(world.memberId, 'ses-smtp-user.20250101') });
  });
});
