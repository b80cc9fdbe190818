import { createHmac } from 'node:crypto';

/** Constants of AWS's documented algorithm (SES developer guide, "Obtaining Amazon SES SMTP credentials"). */
const DATE = '11111111';
const SERVICE = 'ses';
const TERMINAL = 'aws4_request';
const MESSAGE = 'SendRawEmail';
const VERSION = 0x04;

/**
 * The SES SMTP password of a secret access key in one region: AWS's version 4
 * derivation, an HMAC-SHA256 chain keyed with "AWS4" + the secret over the
 * fixed date, the region, "ses", "aws4_request" and "SendRawEmail", prefixed
 * with the version byte and base64-encoded. The password changes with the key,
 * which is why rotating an SMTP user's key without it breaks its mail.
 */
export function smtpPassword(secretAccessKey: string, region: string): string {
  let signature = hmac(Buffer.from(`AWS4${secretAccessKey}`, 'utf8'), DATE);
  for (const part of [region, SERVICE, TERMINAL, MESSAGE]) signature = hmac(signature, part);
  return Buffer.concat([Buffer.from([VERSION]), signature]).toString('base64');
}

function hmac(key: Buffer, message: string): Buffer {
  return createHmac('sha256', key).update(message, 'utf8').digest();
}
