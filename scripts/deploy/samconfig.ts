import { readFile, writeFile } from 'node:fs/promises';

/**
 * The part of samconfig.toml both `sam deploy` and `npm run deploy` read:
 * `[default.deploy.parameters]` with `stack_name`, `region` and
 * `parameter_overrides` (a list of "Key=Value" strings). Only that subset of
 * TOML is read; the file stays sam's, and writing replaces values in place,
 * so its comments survive.
 */
export interface SamConfig {
  readonly stackName: string;
  readonly region: string | undefined;
  readonly parameters: Readonly<Record<string, string>>;
}

export class SamConfigError extends Error {
  override readonly name = 'SamConfigError';
}

const SECTION = '[default.deploy.parameters]';

function section(text: string): string {
  const start = text.indexOf(SECTION);
  if (start === -1) throw new SamConfigError(`samconfig.toml has no ${SECTION} section`);
  const next = text.slice(start + SECTION.length).search(/^\[/m);
  return next === -1 ? text.slice(start) : text.slice(start, start + SECTION.length + next);
}

export function parseSamConfig(text: string): SamConfig {
  const body = section(text);
  const value = (key: string): string | undefined => new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm').exec(body)?.[1];
  const overrides = /^parameter_overrides\s*=\s*\[([\s\S]*?)^\]/m.exec(body)?.[1] ?? '';
  const parameters: Record<string, string> = {};
  for (const line of overrides.split('\n')) {
    const match = /^\s*"([A-Za-z0-9]+)=(.*)",?\s*(#.*)?$/.exec(line);
    if (match?.[1] !== undefined) parameters[match[1]] = match[2] ?? '';
  }
  const stackName = value('stack_name');
  if (!stackName) throw new SamConfigError(`samconfig.toml: ${SECTION} has no stack_name`);
  return { stackName, region: value('region'), parameters };
}

/** Sets parameter overrides (the upload's bucket, prefix and code versions) in place; a key not in the list is appended to it. */
export function withParameters(text: string, values: Readonly<Record<string, string>>): string {
  let out = text;
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^(\\s*)#?\\s*"${key}=[^"]*"(,?)`, 'm');
    if (line.test(out)) out = out.replace(line, (_m, indent: string, comma: string) => `${indent}"${key}=${value}"${comma || ','}`);
    else out = out.replace(/^parameter_overrides\s*=\s*\[\n/m, (head) => `${head}  "${key}=${value}",\n`);
  }
  return out;
}

export async function readSamConfig(file: string): Promise<{ text: string; config: SamConfig }> {
  const text = await readFile(file, 'utf8');
  return { text, config: parseSamConfig(text) };
}

export async function writeSamConfigParameters(file: string, values: Readonly<Record<string, string>>): Promise<boolean> {
  const text = await readFile(file, 'utf8');
  const updated = withParameters(text, values);
  if (updated === text) return false;
  await writeFile(file, updated);
  return true;
}
