/**
 * `npm run deploy -- [--yes] [--demo] [--profile P] [--org-profile P] [--ou IDS] [--skip-build] [--dist DIR] [--samconfig FILE]`:
 * build, upload, the list-accounts role, the main stack (change sets), the
 * member role StackSet and the management account's stack, then the doctor.
 * Settings from samconfig.toml. See docs/deploy.md.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeOrganizationCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_S3_PREFIX, S3_FOLDERS, TEMPLATE_FILES } from '../../contract/names';
import { buildArtifacts } from '../build';
import { formatResults, doctorExitCode, runChecks } from '../doctor/run';
import { doctorClients } from '../doctor/clients';
import { ROOT } from '../lib/bundle';
import { objectKey } from '../lib/s3-sync';
import { deployStackSet, parseStackSetArgs } from '../stackset';
import { synthTo } from '../synth';
import { parameterOverrides, upload } from '../upload';
import { demoSesAccount, DEMO_ADMIN, DEMO_BUCKET, withDemoAccount } from './demo';
import { keyAdministrators } from './key-administrators';
import { assumedRoleParameters, centralKeyArn, listAccountsParameters } from './related-parameters';
import { readSamConfig } from './samconfig';
import { deployStack } from './stack';

const STACK_SET = 'asa-iam-key-rotation-assumed-role';
/** The placeholders samconfig.toml ships with (CHANGE ME). */
const SAMPLE = { bucket: 'my-artifacts', orgId: 'o-abc123def4', orgListAccount: '111122223333' } as const;
const LIST_ROLE_STACK = 'asa-iam-key-rotation-list-accounts-role';

interface DeployArgs {
  readonly yes: boolean;
  readonly demo: boolean;
  readonly skipBuild: boolean;
  readonly ous: readonly string[];
  readonly samconfig: string;
  /** Where the build goes and the upload reads from (default dist/). */
  readonly dist: string;
  readonly profile?: string;
  readonly orgProfile?: string;
}

function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      yes: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      ou: { type: 'string', multiple: true },
      samconfig: { type: 'string', default: path.join(ROOT, 'samconfig.toml') },
      dist: { type: 'string', default: path.join(ROOT, 'dist') },
      profile: { type: 'string' },
      'org-profile': { type: 'string' },
    },
    strict: true,
  });
  return {
    yes: values.yes ?? false,
    demo: values.demo ?? false,
    skipBuild: values['skip-build'] ?? false,
    ous: (values.ou ?? []).flatMap((v) => v.split(',')).filter(Boolean),
    samconfig: values.samconfig ?? path.join(ROOT, 'samconfig.toml'),
    dist: path.resolve(values.dist ?? path.join(ROOT, 'dist')),
    ...(values.profile ? { profile: values.profile } : {}),
    ...(values['org-profile'] ? { orgProfile: values['org-profile'] } : {}),
  };
}

async function ask(changes: readonly string[]): Promise<boolean> {
  if (changes.length === 0) return true;
  if (!process.stdin.isTTY) throw new Error('a change set needs confirming and there is no terminal: pass --yes');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question('Execute this change set? [y/N] ')).trim());
  } finally {
    rl.close();
  }
}

/** The whole flow; returns the doctor's exit code. */
export async function deployAll(
  args: DeployArgs,
  overrides: Readonly<Record<string, string>>,
  log: (line: string) => void,
  demo = false,
  doctorOut: (text: string) => void = (text) => log(text.trimEnd()),
): Promise<number> {
  const { config } = await readSamConfig(args.samconfig);
  const region = config.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const parameters = { ...config.parameters, ...overrides };
  const bucket = parameters.S3BucketName;
  const prefix = parameters.S3BucketPrefix ?? DEFAULT_S3_PREFIX;
  if (!bucket || bucket === SAMPLE.bucket) throw new Error(`set S3BucketName in ${args.samconfig} (a versioned bucket of yours)`);
  if (args.profile) process.env.AWS_PROFILE = args.profile;
  const cfn = new CloudFormationClient({ region });
  const caller = await new STSClient({ region }).send(new GetCallerIdentityCommand({}));
  const account = caller.Account ?? '';
  // The Organization's side (list-accounts role, StackSet, the management account's stack): --org-profile, else these credentials.
  const org = args.orgProfile ? { region, profile: args.orgProfile } : { region };
  const orgCfn = args.orgProfile ? new CloudFormationClient(org) : cfn;
  const organizations = new OrganizationsClient(org);
  const orgAccount = args.orgProfile ? ((await new STSClient(org).send(new GetCallerIdentityCommand({}))).Account ?? '') : account;

  const distDir = args.dist;
  if (!args.skipBuild) {
    log('build: synth and bundle');
    await synthTo(path.join(distDir, S3_FOLDERS.cloudFormation));
    await buildArtifacts(distDir);
  }
  const uploadOptions = { bucket, prefix, region, dryRun: false, distDir };
  const uploaded = await upload(uploadOptions, log);
  const fromUpload = Object.fromEntries(parameterOverrides(uploadOptions, uploaded).map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)]));
  const confirm = args.yes ? async () => true : ask;
  const templateUrl = (file: string) => `https://${bucket}.s3.${region}.amazonaws.com/${objectKey(prefix, `${S3_FOLDERS.cloudFormation}/${file}`)}`;
  const body = (file: string) => readFile(path.join(distDir, S3_FOLDERS.cloudFormation, file), 'utf8');
  // samconfig.toml's sample values stand for "this Organization" and "the account that lists it": filled in, never deployed.
  const orgId =
    parameters.AWSOrgID && parameters.AWSOrgID !== SAMPLE.orgId ? parameters.AWSOrgID : ((await organizations.send(new DescribeOrganizationCommand({}))).Organization?.Id ?? '');
  const orgListAccount = parameters.OrgListAccount && parameters.OrgListAccount !== SAMPLE.orgListAccount ? parameters.OrgListAccount : orgAccount;

  // 1. The main stack, code versions from the upload. First: in central mode the other two need its key's ARN.
  const deployed = await cfn
    .send(new DescribeStacksCommand({ StackName: config.stackName }))
    .then((out) => out.Stacks?.[0]?.Parameters?.find((p) => p.ParameterKey === 'KeyAdministratorArns')?.ParameterValue)
    .catch((error: Error) => {
      if (/does not exist/i.test(error.message)) return undefined;
      throw error;
    });
  const administrators = await keyAdministrators(parameters.KeyAdministratorArns, deployed, caller.Arn ?? '', new IAMClient({ region }));
  const mainParameters = { ...parameters, ...fromUpload, AWSOrgID: orgId, OrgListAccount: orgListAccount, KeyAdministratorArns: administrators.value };
  const outcomes: string[] = [];
  outcomes.push(
    await deployStack(
      cfn,
      {
        stackName: config.stackName,
        templateUrl: templateUrl(TEMPLATE_FILES.main),
        templateBody: await body(TEMPLATE_FILES.main),
        parameters: mainParameters,
        ...(administrators.note ? { notes: [administrators.note] } : {}),
      },
      confirm,
      log,
      demo ? 50 : 5_000,
    ),
  );
  const outputs = Object.fromEntries(
    ((await cfn.send(new DescribeStacksCommand({ StackName: config.stackName }))).Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
  const keyArn = centralKeyArn(mainParameters, outputs);
  // 2. The list-accounts role, where the Organization can be listed (these credentials, or --org-profile).
  outcomes.push(
    await deployStack(
      orgCfn,
      {
        stackName: LIST_ROLE_STACK,
        templateUrl: templateUrl(TEMPLATE_FILES.listAccountsRole),
        templateBody: await body(TEMPLATE_FILES.listAccountsRole),
        parameters: listAccountsParameters(mainParameters, { primaryAccount: account, orgId }, keyArn),
      },
      confirm,
      log,
      demo ? 50 : 5_000,
    ),
  );
  // 3. The member role everywhere, the management account included.
  const roots = args.ous.length > 0 ? args.ous : ((await organizations.send(new ListRootsCommand({}))).Roots ?? []).map((root) => root.Id ?? '');
  const stackSetChanged = await deployStackSet(
    parseStackSetArgs([
      '--ou',
      roots.join(','),
      '--primary-account',
      account,
      '--regions',
      region,
      ...Object.entries(assumedRoleParameters(mainParameters, { orgId, orgListAccount }, keyArn)).flatMap(([key, value]) => ['--parameter', `${key}=${value}`]),
      '--template', path.join(distDir, S3_FOLDERS.cloudFormation, TEMPLATE_FILES.assumedRole), ...(demo ? ['--no-wait'] : [])]),
    { cfn: orgCfn, organizations },
    log,
  );
  const uploadedChanged = uploaded.entries.some((entry) => entry.changed);
  if (!uploadedChanged && !stackSetChanged && outcomes.every((outcome) => outcome === 'unchanged')) {
    log('deploy: nothing changed: the artifacts, both stacks, the StackSet and the management account\'s stack are as deployed');
  }
  // 4. The doctor.
  log('doctor:');
  const results = await runChecks(doctorClients(region, demo ? [demoSesAccount] : []), { stackName: config.stackName, stackSetName: STACK_SET, region });
  doctorOut(formatResults(results, 'text'));
  return doctorExitCode(results);
}

export interface DeployIo {
  /** The doctor's lines (default: with the rest). */
  readonly doctorOut?: (text: string) => void;
  /** The demo deploys a second time to show that nothing changes (default true). */
  readonly again?: boolean;
}

export async function runDeployCommand(argv: readonly string[], log: (line: string) => void, io: DeployIo = {}): Promise<number> {
  const args = parseDeployArgs(argv);
  if (!args.demo) return deployAll(args, {}, log, false, io.doctorOut);
  return withDemoAccount(async () => {
    log(
      'deploy --demo: on an emulated AWS (moto, started here and stopped after): the same calls as against AWS; SES GetAccount is answered by the demo (moto lacks it: an account out of the sandbox)',
    );
    const overrides = { S3BucketName: DEMO_BUCKET, AdminEmailAddress: DEMO_ADMIN };
    const first = await deployAll({ ...args, yes: true }, overrides, log, true, io.doctorOut);
    if (io.again === false) return first;
    log('deploy --demo: the same again, nothing changed:');
    const second = await deployAll({ ...args, yes: true, skipBuild: true }, overrides, log, true, io.doctorOut);
    return Math.max(first, second);
  });
}

if (require.main === module) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  runDeployCommand(process.argv.slice(2), (line) => console.log(line)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      console.error(`deploy: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
