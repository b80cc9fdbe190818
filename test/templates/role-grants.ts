/**
 * What each IAM role of the committed templates is allowed to do: the Allow
 * actions of its inline policies and of any policy resource attached to it,
 * with both branches of every `Fn::If` (a grant that exists in some mode).
 */
import type { Json } from '../../templates-src/lib/yaml';
import { statements } from './policy-rules';
import { isObject, section, type JsonObject, type LoadedTemplate } from './templates';

export interface RoleRef {
  readonly file: string;
  readonly id: string;
}

export const roleKey = (role: RoleRef): string => `${role.file}#${role.id}`;

const POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']);

const list = (value: Json | undefined): Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export function rolesIn(template: LoadedTemplate): RoleRef[] {
  return Object.entries(section(template.json, 'Resources'))
    .filter(([, resource]) => isObject(resource) && resource.Type === 'AWS::IAM::Role')
    .map(([id]) => ({ file: template.file, id }));
}

/** Policy documents that apply to the role: inline ones, and policy resources naming it in `Roles`. */
function documentsOf(template: LoadedTemplate, roleId: string): JsonObject[] {
  const resources = section(template.json, 'Resources');
  const role = resources[roleId];
  if (!isObject(role) || !isObject(role.Properties)) throw new Error(`${template.file}: no role ${roleId}`);
  const inline = list(role.Properties.Policies).flatMap((p) => (isObject(p) && isObject(p.PolicyDocument) ? [p.PolicyDocument] : []));
  const attached = Object.values(resources).flatMap((resource) => {
    if (!isObject(resource) || typeof resource.Type !== 'string' || !POLICY_TYPES.has(resource.Type) || !isObject(resource.Properties)) return [];
    const names = list(resource.Properties.Roles);
    const applies = names.some((name) => name === roleId || (isObject(name) && name.Ref === roleId));
    return applies && isObject(resource.Properties.PolicyDocument) ? [resource.Properties.PolicyDocument] : [];
  });
  return [...inline, ...attached];
}

/** Action -> the Sids that allow it. Throws on what this test cannot reason about (managed policy ARNs, non-literal actions). */
export function grantsOf(template: LoadedTemplate, roleId: string): Map<string, string[]> {
  const role = section(template.json, 'Resources')[roleId];
  if (isObject(role) && isObject(role.Properties) && role.Properties.ManagedPolicyArns !== undefined) {
    throw new Error(`${template.file}#${roleId}: ManagedPolicyArns cannot be checked against the code`);
  }
  const grants = new Map<string, string[]>();
  for (const document of documentsOf(template, roleId)) {
    for (const statement of statements(document)) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of list(statement.Action)) {
        if (typeof action !== 'string') throw new Error(`${template.file}#${roleId}: non-literal action ${JSON.stringify(action)}`);
        grants.set(action, [...(grants.get(action) ?? []), typeof statement.Sid === 'string' ? statement.Sid : '(no Sid)']);
      }
    }
  }
  return grants;
}
