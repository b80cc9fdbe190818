/**
 * `npm run reapply-secret-policies -- [--apply] [--account ID] [--central] [--role NAME] [--break-glass ARN,...]`
 * (options in options.ts). Dry run by default.
 */
import { describeError } from '../../functions/core/errors/describe';
import { parseReapplyArgs, ReapplyUsageError, USAGE } from './options';
import { reapplySecretPolicies } from './reapply';
import { exitCode, renderReport } from './table';

export async function main(argv: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  try {
    const options = parseReapplyArgs(argv);
    if (options === 'help') {
      out(USAGE);
      return 0;
    }
    const report = await reapplySecretPolicies(options);
    out(renderReport(report));
    return exitCode(report);
  } catch (error) {
    if (error instanceof ReapplyUsageError) {
      err(`reapply-secret-policies: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof Error && (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message))) {
      err('reapply-secret-policies: no AWS credentials found: pass --profile NAME, or run `aws configure` / `aws sso login` first');
      return 1;
    }
    err(`reapply-secret-policies: ${describeError(error)}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
