import type { NotificationMessage } from '../../core/messages/notification';

/** One line of a code sample: a record, so that templates can lay lines out one by one in HTML and text alike. */
export interface CodeLine {
  readonly line: string;
}

/**
 * How to fetch one rotated key: the exact AWS CLI command and one SDK call in
 * JavaScript (v3) and Python (boto3), with the secret's id and region. In
 * central mode the secret lives in another account, which only its ARN
 * reaches; the ARN also carries the region, so a message from a rotation
 * function that knew it is exact, and one without falls back to the stack's
 * region and the secret's name.
 */
export interface FetchInstructions {
  readonly user: string;
  readonly newKeyId: string;
  readonly secretName: string;
  /** What to pass as SecretId: the name in the user's own account, the ARN across accounts. */
  readonly secretId: string;
  readonly region: string;
  /** Set in central mode: the account that holds the secret. */
  readonly secretAccount?: string;
  readonly cli: readonly CodeLine[];
  readonly javascript: readonly CodeLine[];
  readonly python: readonly CodeLine[];
  /** For an SES SMTP user: where its new SMTP password is, per region. */
  readonly smtp: readonly CodeLine[];
}

const ARN = /^arn:[\w-]+:secretsmanager:([a-z0-9-]+):(\d{12}):secret:/;

export function fetchInstructions(message: NotificationMessage, stackRegion: string): FetchInstructions[] {
  return message.users.flatMap((user) =>
    user.actions.flatMap((action) => {
      if (action.type !== 'ROTATE' || action.outcome !== 'DONE' || !action.secretName || !action.newKeyId) return [];
      const arn = action.secretArn ? ARN.exec(action.secretArn) : null;
      const region = arn?.[1] ?? stackRegion;
      const account = arn?.[2];
      const central = account !== undefined && account !== message.accountId;
      const secretId = central && action.secretArn ? action.secretArn : action.secretName;
      const smtpRegions = action.smtpRegions ?? [];
      return [
        {
          user: user.userName,
          newKeyId: action.newKeyId,
          secretName: action.secretName,
          secretId,
          region,
          ...(central ? { secretAccount: account } : {}),
          // One argument a line: mail clients wrap long lines wherever they like, mid-token included (`us-east-` / `1`).
          cli: lines(
            'aws secretsmanager get-secret-value \\',
            `  --secret-id ${quoted(secretId)} \\`,
            `  --region ${region} \\`,
            '  --query SecretString --output text',
          ),
          javascript: lines(
            'import { GetSecretValueCommand, SecretsManagerClient }',
            "  from '@aws-sdk/client-secrets-manager';",
            `const client = new SecretsManagerClient({ region: '${region}' });`,
            'const { SecretString } = await client.send(new GetSecretValueCommand({',
            `  SecretId: '${secretId}',`,
            '}));',
            'const { AccessKeyId, SecretAccessKey } = JSON.parse(SecretString);',
          ),
          python: lines(
            'import boto3, json',
            `client = boto3.client('secretsmanager', region_name='${region}')`,
            'response = client.get_secret_value(',
            `    SecretId='${secretId}',`,
            ')',
            "secret = json.loads(response['SecretString'])",
            "access_key_id = secret['AccessKeyId']",
            "secret_access_key = secret['SecretAccessKey']",
          ),
          smtp: smtpRegions.map((smtpRegion) => ({
            line: `SMTP in ${smtpRegion}: user name = the new AccessKeyId, password = SmtpPasswords["${smtpRegion}"] in the same secret (email-smtp.${smtpRegion}.amazonaws.com)`,
          })),
        },
      ];
    }),
  );
}

function lines(...text: string[]): CodeLine[] {
  return text.map((line) => ({ line }));
}

// Secret names allow only [\w/+=.@-]; an ARN adds ':'. Neither needs quoting in a shell, but a user name from elsewhere might.
function quoted(value: string): string {
  return /^[\w/+=.@:-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
