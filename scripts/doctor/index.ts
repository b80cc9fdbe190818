/**
 * `npm run doctor -- [options]` (see --help): read-only checks of a
 * deployment, one line each with what is wrong and the fix.
 */
import { runDoctorCommand } from './command';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
runDoctorCommand(process.argv.slice(2), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`doctor: ${error.message}\n`);
    process.exitCode = 1;
  },
);
