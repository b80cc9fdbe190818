import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeError } from '../../functions/core/errors/describe';
import { scrubber } from '../../functions/core/scrub/scrub';
import { singleLine } from '../../functions/core/text/escape';
import { ROOT } from '../lib/bundle';
import { readSamConfig } from '../deploy/samconfig';
import type { ClientPlugin } from '../../functions/core/aws/plugins';
import { doctorClients } from './clients';
import { doctorExitCode, formatResults, runChecks } from './run';

export const DEFAULT_STACK_SET = 'asa-iam-key-rotation-assumed-role';

export const DOCTOR_HELP = `npm run doctor -- [options]   read-only checks of a deployment, one line each
  --stack NAME        the main stack (default: stack_name of samconfig.toml)
  --stack-set NAME    the member-role StackSet (default ${DEFAULT_STACK_SET})
  --region R          the main stack's Region (default: region of samconfig.toml)
  --profile P         AWS profile (default: the standard credential chain)
  --format text|json  one line a check (default), or JSON
  --samconfig FILE    default samconfig.toml
  --demo              deploy the demo on the emulator (npm run deploy -- --demo) and check it
  --dist DIR          with --demo: build into DIR (default dist/)
  --skip-build        with --demo: use what is built there
exit 0: every check passed; 1: some check failed, or the doctor could not run`;

export interface DoctorIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Tests: SDK plugins after the read-only guard (faults, what moto lacks). */
  readonly plugins?: readonly ClientPlugin[];
}

export interface DoctorArgs {
  readonly stack?: string;
  readonly stackSet: string;
  readonly region?: string;
  readonly profile?: string;
  readonly format: 'text' | 'json';
  readonly samconfig: string;
  readonly demo: boolean;
  /** --demo: where its build goes (default dist/), and whether to use the one there. */
  readonly dist?: string;
  readonly skipBuild: boolean;
  readonly help: boolean;
}

export function parseDoctorArgs(argv: readonly string[]): DoctorArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      stack: { type: 'string' },
      'stack-set': { type: 'string', default: DEFAULT_STACK_SET },
      region: { type: 'string' },
      profile: { type: 'string' },
      format: { type: 'string', default: 'text' },
      samconfig: { type: 'string', default: path.join(ROOT, 'samconfig.toml') },
      demo: { type: 'boolean', default: false },
      dist: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.format !== 'text' && values.format !== 'json') throw new Error(`--format must be text or json, got "${values.format ?? ''}"`);
  return {
    ...(values.stack ? { stack: values.stack } : {}),
    stackSet: values['stack-set'] ?? DEFAULT_STACK_SET,
    ...(values.region ? { region: values.region } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
    format: values.format,
    samconfig: values.samconfig ?? path.join(ROOT, 'samconfig.toml'),
    demo: values.demo ?? false,
    ...(values.dist ? { dist: values.dist } : {}),
    skipBuild: values['skip-build'] ?? false,
    help: values.help ?? false,
  };
}

/** `npm run doctor` against what the arguments and samconfig.toml name; returns the exit code. */
export async function runDoctor(args: DoctorArgs, io: DoctorIo): Promise<number> {
  if (args.profile) process.env.AWS_PROFILE = args.profile;
  const sam = await readSamConfig(args.samconfig).then(
    (read) => read.config,
    () => undefined,
  );
  const stackName = args.stack ?? sam?.stackName;
  if (!stackName) throw new Error(`no main stack named: pass --stack NAME (or set stack_name in ${args.samconfig})`);
  const region = args.region ?? sam?.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const results = await runChecks(doctorClients(region, io.plugins ?? []), { stackName, stackSetName: args.stackSet, region });
  io.stdout(formatResults(results, args.format));
  const code = doctorExitCode(results);
  io.stderr(`doctor: exit ${code}: ${results.filter((r) => !r.ok).length} of ${results.length} checks failed\n`);
  return code;
}

export async function runDoctorCommand(argv: readonly string[], io: DoctorIo): Promise<number> {
  try {
    const args = parseDoctorArgs(argv);
    if (args.help) {
      io.stdout(`${DOCTOR_HELP}\n`);
      return 0;
    }
    if (args.demo) {
      // The deploy's own flow, its lines on stderr; it ends with this doctor's checks, whose lines go to stdout.
      const { runDeployCommand } = await import('../deploy/index');
      return await runDeployCommand(['--demo', '--yes', ...(args.dist ? ['--dist', args.dist] : []), ...(args.skipBuild ? ['--skip-build'] : [])], (line) => io.stderr(`${line}\n`), { doctorOut: io.stdout, again: false });
    }
    return await runDoctor(args, io);
  } catch (error) {
    io.stderr(`doctor: ${singleLine(scrubber.text(describeError(error)))}\n`);
    return 1;
  }
}
