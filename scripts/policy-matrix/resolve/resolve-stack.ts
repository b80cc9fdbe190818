/**
 * Resolves a synthesized template for one concrete deployment: parameters
 * (with their defaults and constraints), pseudo parameters, Rules,
 * Conditions, and every intrinsic the templates use, so that each policy
 * becomes plain JSON an IAM policy simulator can evaluate. An intrinsic or a
 * resource type it does not know stops it with the path of the value, rather
 * than being passed through to a simulator that would misread it.
 */
import type { Json } from '../../../templates-src/lib/yaml';
import { UnresolvableTemplateError } from './errors';
import { MODELLED_TYPES, physicalOf, type Physical, type StackPlace } from './physical';

export type JsonObject = { [key: string]: Json };

export interface StackInput {
  /** The template in long form (`parseTemplate` of the committed YAML). */
  readonly template: JsonObject;
  readonly place: StackPlace;
  /** Parameter values; a parameter missing here takes its Default. */
  readonly parameters: Readonly<Record<string, string>>;
  /** `Ref` and attributes of resources as the deployment knows them, over the modelled ones (physical.ts). */
  readonly physical?: Readonly<Record<string, Partial<Physical>>>;
}

export interface ResolvedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: JsonObject;
  /** Ref and attributes, for the resource types physical.ts models (or the deployment names). */
  readonly physical?: Physical;
}

export interface ResolvedStack {
  readonly place: StackPlace;
  readonly parameters: Readonly<Record<string, string | string[]>>;
  readonly conditions: Readonly<Record<string, boolean>>;
  /** Only the resources whose Condition holds. */
  readonly resources: ReadonlyMap<string, ResolvedResource>;
  readonly outputs: Readonly<Record<string, Json>>;
}

/** Marks `!Ref AWS::NoValue`: the enclosing property or list item disappears. */
const NO_VALUE: JsonObject = Object.freeze({ 'AWS::NoValue': true }) as JsonObject;

/** Properties that name a resource: the only ones its physical id depends on, so names resolve without cycles. */
const NAME_PROPERTIES = ['RoleName', 'Path', 'ManagedPolicyName', 'GroupName', 'MultiRegion', 'QueueName', 'FunctionName', 'LogGroupName', 'TopicName', 'Name'];

const isObject = (value: Json | undefined): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

function asText(value: Json, at: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UnresolvableTemplateError(at, `expected a string, got ${JSON.stringify(value)}`);
}

function asList(value: Json, at: string): Json[] {
  if (Array.isArray(value)) return value;
  throw new UnresolvableTemplateError(at, `expected a list, got ${JSON.stringify(value)}`);
}

export function resolveStack(input: StackInput): ResolvedStack {
  return new StackResolver(input).resolve();
}

class StackResolver {
  private readonly template: JsonObject;
  private readonly place: StackPlace;
  private readonly parameters: Record<string, string | string[]>;
  private readonly conditionCache = new Map<string, boolean>();
  private readonly resourceCache = new Map<string, ResolvedResource>();
  private readonly physicalCache = new Map<string, Physical>();
  private readonly resolving = new Set<string>();

  constructor(private readonly input: StackInput) {
    this.template = input.template;
    this.place = input.place;
    this.parameters = this.parameterValues();
  }

  resolve(): ResolvedStack {
    this.checkRules();
    const conditions = Object.fromEntries(Object.keys(this.section('Conditions')).map((name) => [name, this.condition(name, `Conditions.${name}`)]));
    const resources = new Map<string, ResolvedResource>();
    for (const logicalId of Object.keys(this.section('Resources'))) {
      if (this.exists(logicalId)) resources.set(logicalId, this.resource(logicalId));
    }
    const outputs: Record<string, Json> = {};
    for (const [name, output] of Object.entries(this.section('Outputs'))) {
      if (!isObject(output)) continue;
      if (typeof output.Condition === 'string' && !this.condition(output.Condition, `Outputs.${name}.Condition`)) continue;
      outputs[name] = this.value(output.Value ?? null, `Outputs.${name}.Value`);
    }
    return { place: this.place, parameters: this.parameters, conditions, resources, outputs };
  }

  private section(name: string): JsonObject {
    const value = this.template[name];
    return isObject(value) ? value : {};
  }

  private parameterValues(): Record<string, string | string[]> {
    const declared = this.section('Parameters');
    const where = this.place.stackName;
    for (const name of Object.keys(this.input.parameters)) {
      if (!(name in declared)) throw new UnresolvableTemplateError(`${where}.Parameters.${name}`, 'given, but the template declares no such parameter');
    }
    const values: Record<string, string | string[]> = {};
    for (const [name, spec] of Object.entries(declared)) {
      if (!isObject(spec)) continue;
      const given = this.input.parameters[name];
      const fallback = spec.Default === undefined ? undefined : asText(spec.Default, `${where}.Parameters.${name}.Default`);
      const value = given ?? fallback;
      if (value === undefined) throw new UnresolvableTemplateError(`${where}.Parameters.${name}`, 'required (no Default) and not given by the deployment');
      const allowed = Array.isArray(spec.AllowedValues) ? spec.AllowedValues.map((v) => asText(v, name)) : undefined;
      if (allowed && !allowed.includes(value)) throw new UnresolvableTemplateError(`${where}.Parameters.${name}`, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
      if (typeof spec.AllowedPattern === 'string' && !new RegExp(spec.AllowedPattern).test(value)) {
        throw new UnresolvableTemplateError(`${where}.Parameters.${name}`, `${JSON.stringify(value)} does not match ${spec.AllowedPattern}`);
      }
      const type = typeof spec.Type === 'string' ? spec.Type : 'String';
      values[name] = type.startsWith('List<') || type === 'CommaDelimitedList' ? value.split(',').map((v) => v.trim()) : value;
    }
    return values;
  }

  /** Rules hold for a deployment CloudFormation would accept; one that fails is a deployment no user can make. */
  private checkRules(): void {
    for (const [name, rule] of Object.entries(this.section('Rules'))) {
      if (!isObject(rule)) continue;
      const at = `${this.place.stackName}.Rules.${name}`;
      if (rule.RuleCondition !== undefined && !this.truth(rule.RuleCondition, `${at}.RuleCondition`)) continue;
      for (const [i, assertion] of asList(rule.Assertions ?? [], at).entries()) {
        if (!isObject(assertion)) continue;
        if (!this.truth(assertion.Assert ?? null, `${at}.Assertions[${i}]`)) {
          throw new UnresolvableTemplateError(at, `the deployment breaks this rule: ${typeof assertion.AssertDescription === 'string' ? assertion.AssertDescription : 'assertion failed'}`);
        }
      }
    }
  }

  private condition(name: string, at: string): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const definition = this.section('Conditions')[name];
    if (definition === undefined) throw new UnresolvableTemplateError(at, `no condition named ${name}`);
    if (this.resolving.has(`condition:${name}`)) throw new UnresolvableTemplateError(at, `condition ${name} depends on itself`);
    this.resolving.add(`condition:${name}`);
    const result = this.truth(definition, `Conditions.${name}`);
    this.resolving.delete(`condition:${name}`);
    this.conditionCache.set(name, result);
    return result;
  }

  /** A condition expression: Fn::Equals, Fn::Not, Fn::And, Fn::Or, {Condition: name}. */
  private truth(expression: Json, at: string): boolean {
    if (!isObject(expression) || Object.keys(expression).length !== 1) throw new UnresolvableTemplateError(at, `not a condition: ${JSON.stringify(expression)}`);
    const [fn, args] = Object.entries(expression)[0] as [string, Json];
    switch (fn) {
      case 'Condition':
        return this.condition(asText(args, at), at);
      case 'Fn::Equals': {
        const [a, b] = asList(args, at).map((arg, i) => this.value(arg, `${at}.Fn::Equals[${i}]`));
        return JSON.stringify(normalise(a ?? null)) === JSON.stringify(normalise(b ?? null));
      }
      case 'Fn::Not':
        return !this.truth(asList(args, at)[0] ?? null, `${at}.Fn::Not[0]`);
      case 'Fn::And':
        return asList(args, at).every((arg, i) => this.truth(arg, `${at}.Fn::And[${i}]`));
      case 'Fn::Or':
        return asList(args, at).some((arg, i) => this.truth(arg, `${at}.Fn::Or[${i}]`));
      default:
        throw new UnresolvableTemplateError(at, `condition function ${fn} is not handled by the resolver`);
    }
  }

  private exists(logicalId: string): boolean {
    const resource = this.section('Resources')[logicalId];
    if (!isObject(resource)) return false;
    return typeof resource.Condition !== 'string' || this.condition(resource.Condition, `Resources.${logicalId}.Condition`);
  }

  private resource(logicalId: string): ResolvedResource {
    const cached = this.resourceCache.get(logicalId);
    if (cached) return cached;
    const at = `Resources.${logicalId}`;
    const definition = this.section('Resources')[logicalId];
    if (!isObject(definition) || typeof definition.Type !== 'string') throw new UnresolvableTemplateError(at, 'no such resource');
    if (this.resolving.has(logicalId)) throw new UnresolvableTemplateError(at, 'its properties depend on themselves');
    this.resolving.add(logicalId);
    const resolved = this.value(definition.Properties ?? {}, `${at}.Properties`);
    this.resolving.delete(logicalId);
    const properties = isObject(resolved) ? resolved : {};
    const known = MODELLED_TYPES.includes(definition.Type) || this.input.physical?.[logicalId] !== undefined;
    const result: ResolvedResource = { logicalId, type: definition.Type, properties, ...(known ? { physical: this.physical(logicalId, at) } : {}) };
    this.resourceCache.set(logicalId, result);
    return result;
  }

  private physical(logicalId: string, at: string): Physical {
    const cached = this.physicalCache.get(logicalId);
    if (cached) return cached;
    const definition = this.section('Resources')[logicalId];
    if (!isObject(definition) || typeof definition.Type !== 'string') throw new UnresolvableTemplateError(at, `no resource ${logicalId}`);
    if (!this.exists(logicalId)) throw new UnresolvableTemplateError(at, `${logicalId} is referenced but its Condition is false in this deployment`);
    const props = isObject(definition.Properties) ? definition.Properties : {};
    const names: JsonObject = {};
    for (const key of NAME_PROPERTIES) {
      if (props[key] !== undefined) names[key] = this.value(props[key], `Resources.${logicalId}.Properties.${key}`);
    }
    const modelled = this.input.physical?.[logicalId]
      ? { ...safePhysical(() => physicalOf(this.place, logicalId, definition.Type as string, names)), ...this.input.physical[logicalId] }
      : physicalOf(this.place, logicalId, definition.Type, names);
    const result = modelled as Physical;
    this.physicalCache.set(logicalId, result);
    return result;
  }

  private ref(name: string, at: string): Json {
    const pseudo: Record<string, Json> = {
      'AWS::AccountId': this.place.accountId,
      'AWS::Region': this.place.region,
      'AWS::Partition': this.place.partition,
      'AWS::StackName': this.place.stackName,
      'AWS::StackId': `arn:${this.place.partition}:cloudformation:${this.place.region}:${this.place.accountId}:stack/${this.place.stackName}/00000000-0000-0000-0000-000000000000`,
      'AWS::URLSuffix': this.place.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
      'AWS::NotificationARNs': [],
      'AWS::NoValue': NO_VALUE,
    };
    if (name in pseudo) return pseudo[name] as Json;
    const parameter = this.parameters[name];
    if (parameter !== undefined) return parameter;
    if (name in this.section('Resources')) return this.physical(name, at).Ref;
    throw new UnresolvableTemplateError(at, `Ref to ${name}: no parameter, pseudo parameter or resource of that name`);
  }

  private getAtt(logicalId: string, attribute: string, at: string): Json {
    const physical = this.physical(logicalId, at);
    const value = physical[attribute];
    if (value === undefined) throw new UnresolvableTemplateError(at, `Fn::GetAtt ${logicalId}.${attribute}: attribute not modelled for this resource type`);
    return value;
  }

  private sub(args: Json, at: string): string {
    const [text, vars] = typeof args === 'string' ? [args, {}] : (asList(args, at) as [Json, Json]);
    const variables = isObject(vars) ? vars : {};
    return asText(text, at).replace(/\$\{(!?)([^}]*)\}/g, (_all, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      if (name in variables) return asText(this.value(variables[name] as Json, `${at}.${name}`), `${at}.${name}`);
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::')) return asText(this.getAtt(name.slice(0, dot), name.slice(dot + 1), at), at);
      return asText(this.ref(name, at), at);
    });
  }

  /** Resolves every intrinsic in `node`; `!Ref AWS::NoValue` comes back as NO_VALUE for the parent to drop. */
  private value(node: Json, at: string): Json {
    if (Array.isArray(node)) {
      return node.map((item, i) => this.value(item, `${at}[${i}]`)).filter((item) => item !== NO_VALUE);
    }
    if (!isObject(node)) return node;
    const keys = Object.keys(node);
    const only = keys.length === 1 ? (keys[0] as string) : undefined;
    if (only === 'Ref' || (only?.startsWith('Fn::') ?? false)) return this.intrinsic(only as string, node[only as string] as Json, at);
    const out: JsonObject = {};
    for (const key of keys) {
      const resolved = this.value(node[key] as Json, `${at}.${key}`);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private intrinsic(fn: string, args: Json, at: string): Json {
    const here = `${at}.${fn}`;
    switch (fn) {
      case 'Ref':
        return this.ref(asText(args, here), here);
      case 'Fn::Sub':
        return this.sub(args, here);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof args === 'string' ? splitOnce(args) : asList(args, here).map((a) => asText(a, here));
        return this.getAtt(logicalId ?? '', attribute ?? '', here);
      }
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = asList(args, here);
        return this.condition(asText(name ?? null, here), here) ? this.value(whenTrue ?? null, `${here}[1]`) : this.value(whenFalse ?? null, `${here}[2]`);
      }
      case 'Fn::Join': {
        const [delimiter, items] = asList(args, here);
        const list = asList(this.value(items ?? null, `${here}[1]`), here);
        return list.map((item, i) => asText(item, `${here}[1][${i}]`)).join(asText(delimiter ?? '', here));
      }
      case 'Fn::Split': {
        const [delimiter, source] = asList(args, here);
        return asText(this.value(source ?? null, `${here}[1]`), here).split(asText(delimiter ?? '', here));
      }
      case 'Fn::Select': {
        const [index, items] = asList(args, here);
        const list = asList(this.value(items ?? null, `${here}[1]`), here);
        const i = Number(asText(this.value(index ?? null, `${here}[0]`), here));
        if (!Number.isInteger(i) || i < 0 || i >= list.length) throw new UnresolvableTemplateError(here, `index ${i} outside a list of ${list.length}`);
        return list[i] as Json;
      }
      default:
        throw new UnresolvableTemplateError(here, `intrinsic ${fn} is not handled by the resolver (scripts/policy-matrix/resolve/resolve-stack.ts)`);
    }
  }
}

function splitOnce(value: string): [string, string] {
  const dot = value.indexOf('.');
  return [value.slice(0, dot), value.slice(dot + 1)];
}

/** Fn::Equals compares values as CloudFormation does: as strings, lists item by item. */
function normalise(value: Json): Json {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value;
}

/** A deployment that names a resource's identity itself needs no model of its type. */
function safePhysical(model: () => Physical): Partial<Physical> {
  try {
    return model();
  } catch {
    return {};
  }
}
