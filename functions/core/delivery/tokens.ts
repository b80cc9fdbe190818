import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../schema/zod';
import { scrubber } from '../scrub/scrub';
import { DeliveryTokenError } from './errors';

/** A token secret's value: a token, or (GitHub only) a GitHub App installation to mint one from. */
export type TokenSecret =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'app'; readonly appId: string; readonly installationId: string; readonly privateKey: string };

const idText = z.union([z.string().check(z.regex(/^\d+$/)), z.int()]);
const tokenSchema = z.strictObject({ token: z.string().check(z.minLength(8)) });
const appSchema = z.strictObject({ appId: idText, installationId: idText, privateKey: z.string().check(z.regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----/)) });

/**
 * Reads a token secret with the rotation function's own role (the only
 * principal its policy lets read it). Every string read is given to the
 * scrubber before anything else happens, so it cannot reach a log line even
 * inside an error. The shape's problems are named without the value.
 */
export async function readTokenSecret(secrets: SecretsManagerClient, secretArn: string): Promise<TokenSecret> {
  let text: string | undefined;
  try {
    text = (await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  } catch (error) {
    const code = error instanceof Error ? error.name : 'Error';
    throw new DeliveryTokenError(secretArn, `cannot be read (${code}); the rotation role must be allowed, and the secret must exist`, code, { cause: error });
  }
  if (text === undefined) throw new DeliveryTokenError(secretArn, 'has no string value; store {"token": "..."}', 'NoSecretString');
  scrubber.remember(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DeliveryTokenError(secretArn, 'is not JSON; store {"token": "..."} (or a GitHub App\'s appId, installationId and privateKey)', 'BadTokenSecret');
  }
  const token = tokenSchema.safeParse(value);
  if (token.success) {
    scrubber.remember(token.data.token);
    return { kind: 'token', token: token.data.token };
  }
  const app = appSchema.safeParse(value);
  if (app.success) {
    scrubber.remember(app.data.privateKey);
    return { kind: 'app', appId: String(app.data.appId), installationId: String(app.data.installationId), privateKey: app.data.privateKey };
  }
  throw new DeliveryTokenError(secretArn, 'must be {"token": "..."} or {"appId": "...", "installationId": "...", "privateKey": "-----BEGIN ..."}', 'BadTokenSecret');
}
