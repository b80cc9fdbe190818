/** Loads the committed templates for the template tests, parsed back into long form. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTemplate, type Json } from '../../templates-src/lib/yaml';
import { TEMPLATE_FILES } from '../../contract/names';

export const ROOT = path.join(__dirname, '..', '..');
export const COMMITTED_DIR = path.join(ROOT, 'dist', 'CloudFormation');

export type JsonObject = { [key: string]: Json };

export interface LoadedTemplate {
  readonly file: string;
  readonly path: string;
  readonly text: string;
  readonly json: JsonObject;
}

export function loadTemplate(file: string): LoadedTemplate {
  const full = path.join(COMMITTED_DIR, file);
  const text = readFileSync(full, 'utf8');
  return { file, path: full, text, json: parseTemplate(text) };
}

export const TEMPLATE_FILE_NAMES: readonly string[] = Object.values(TEMPLATE_FILES);

export function loadAll(): LoadedTemplate[] {
  return TEMPLATE_FILE_NAMES.map(loadTemplate);
}

export function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function section(template: JsonObject, name: string): JsonObject {
  const value = template[name];
  return isObject(value) ? value : {};
}

/** Calls `visit` on every value in `value`, depth first, with its path. */
export function walk(value: Json, visit: (node: Json, at: string) => void, at = ''): void {
  visit(value, at);
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, visit, `${at}[${i}]`));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) walk(item, visit, at ? `${at}.${key}` : key);
}

/** Names referenced by `Ref`, `Fn::GetAtt` and `${Name}` inside `Fn::Sub` (not `${!literal}`). */
export function references(value: Json): Set<string> {
  const names = new Set<string>();
  walk(value, (node) => {
    if (!isObject(node)) return;
    const ref = node.Ref;
    if (typeof ref === 'string') names.add(ref);
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') names.add(getAtt[0]);
    const sub = node['Fn::Sub'];
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (text) for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) names.add((match[1] as string).split('.')[0] as string);
  });
  return names;
}

/** Condition names used by `Fn::If` and `{Condition: …}` inside `value`. */
export function conditionReferences(value: Json): Set<string> {
  const names = new Set<string>();
  walk(value, (node) => {
    if (!isObject(node)) return;
    const fnIf = node['Fn::If'];
    if (Array.isArray(fnIf) && typeof fnIf[0] === 'string') names.add(fnIf[0]);
    if (typeof node.Condition === 'string' && Object.keys(node).length === 1) names.add(node.Condition);
  });
  return names;
}
