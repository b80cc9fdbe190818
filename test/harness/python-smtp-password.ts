import { execFileSync } from 'node:child_process';

/**
 * AWS's SES SMTP password algorithm, computed by Python's hmac module in a
 * child process: a value derived independently of the TypeScript under test,
 * from the steps in the SES developer guide.
 */
const SCRIPT = `
import base64, hashlib, hmac, json, sys
def sign(key, message):
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()
for secret, region in json.load(sys.stdin):
    signature = sign(("AWS4" + secret).encode("utf-8"), "11111111")
    for part in (region, "ses", "aws4_request", "SendRawEmail"):
        signature = sign(signature, part)
    print(base64.b64encode(bytes([0x04]) + signature).decode("ascii"))
`;

export function pythonSmtpPasswords(pairs: readonly (readonly [secret: string, region: string])[]): string[] {
  const output = execFileSync('python3', ['-c', SCRIPT], { input: JSON.stringify(pairs), encoding: 'utf8' });
  return output.trim().split('\n');
}
