/**
 * `npm run plan -- [options]` (see --help): what the rotation would do to
 * every access key of an account or Organization, read-only. The plan goes to
 * stdout (or --out); progress and the closing summary go to stderr.
 */
import { progressBar } from '../lib/progress';
import { runPlanCommand } from './command';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const progress = progressBar('plan: accounts');
runPlanCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progress: (done, total, account) => {
    if (total > 1) progress(done, total, account);
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`plan: ${error.message}\n`);
    process.exitCode = 1;
  },
);
