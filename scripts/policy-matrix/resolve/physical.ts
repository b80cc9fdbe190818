/**
 * What CloudFormation would return for `Ref` and `Fn::GetAtt` of a resource
 * once created, for the resource types the templates reference. Names come
 * from the resource's own name property when it has one, as in AWS; ids AWS
 * would generate are derived from the stack and logical id, so the same
 * deployment always resolves to the same ARNs.
 */
import { createHash } from 'node:crypto';
import type { Json } from '../../../templates-src/lib/yaml';
import { UnresolvableTemplateError } from './errors';

export interface StackPlace {
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

/** `Ref` and attributes of one created resource. */
export interface Physical {
  readonly Ref: Json;
  readonly [attribute: string]: Json;
}

type Props = { readonly [key: string]: Json };

function text(props: Props, key: string): string | undefined {
  const value = props[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A name as CloudFormation generates one when the template gives none: stack, logical id and a stable suffix. */
function generatedName(place: StackPlace, logicalId: string, max = 64): string {
  const suffix = hex(`${place.accountId}/${place.stackName}/${logicalId}`).slice(0, 12).toUpperCase();
  return `${place.stackName}-${logicalId}-${suffix}`.slice(-max);
}

function hex(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

function uuid(seed: string): string {
  const h = hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const MODELS: Readonly<Record<string, (place: StackPlace, logicalId: string, props: Props) => Physical>> = {
  'AWS::IAM::Role': (p, id, props) => {
    const name = text(props, 'RoleName') ?? generatedName(p, id);
    const path = text(props, 'Path') ?? '/';
    return { Ref: name, Arn: `arn:${p.partition}:iam::${p.accountId}:role${path}${name}`, RoleId: `AROA${hex(id).slice(0, 17).toUpperCase()}` };
  },
  'AWS::IAM::ManagedPolicy': (p, id, props) => {
    const name = text(props, 'ManagedPolicyName') ?? generatedName(p, id, 128);
    const path = text(props, 'Path') ?? '/';
    const arn = `arn:${p.partition}:iam::${p.accountId}:policy${path}${name}`;
    return { Ref: arn, PolicyArn: arn };
  },
  'AWS::IAM::Group': (p, id, props) => {
    const name = text(props, 'GroupName') ?? generatedName(p, id, 128);
    return { Ref: name, Arn: `arn:${p.partition}:iam::${p.accountId}:group/${name}` };
  },
  'AWS::KMS::Key': (p, id, props) => {
    const keyId = `${props.MultiRegion === true ? 'mrk-' : ''}${uuid(`${p.accountId}/${p.stackName}/${id}`).replace(/-/g, props.MultiRegion === true ? '' : '-')}`;
    return { Ref: keyId, KeyId: keyId, Arn: `arn:${p.partition}:kms:${p.region}:${p.accountId}:key/${keyId}` };
  },
  'AWS::SQS::Queue': (p, id, props) => {
    const name = text(props, 'QueueName') ?? generatedName(p, id, 80);
    return {
      Ref: `https://sqs.${p.region}.amazonaws.com/${p.accountId}/${name}`,
      Arn: `arn:${p.partition}:sqs:${p.region}:${p.accountId}:${name}`,
      QueueName: name,
      QueueUrl: `https://sqs.${p.region}.amazonaws.com/${p.accountId}/${name}`,
    };
  },
  'AWS::Lambda::Function': (p, id, props) => {
    const name = text(props, 'FunctionName') ?? generatedName(p, id);
    return { Ref: name, Arn: `arn:${p.partition}:lambda:${p.region}:${p.accountId}:function:${name}` };
  },
  'AWS::Logs::LogGroup': (p, id, props) => {
    const name = text(props, 'LogGroupName') ?? generatedName(p, id, 512);
    return { Ref: name, Arn: `arn:${p.partition}:logs:${p.region}:${p.accountId}:log-group:${name}:*` };
  },
  'AWS::SNS::Topic': (p, id, props) => {
    const name = text(props, 'TopicName') ?? generatedName(p, id, 256);
    const arn = `arn:${p.partition}:sns:${p.region}:${p.accountId}:${name}`;
    return { Ref: arn, TopicArn: arn, TopicName: name };
  },
  'AWS::Events::Rule': (p, id, props) => {
    const name = text(props, 'Name') ?? generatedName(p, id);
    return { Ref: name, Arn: `arn:${p.partition}:events:${p.region}:${p.accountId}:rule/${name}` };
  },
  'AWS::EC2::SecurityGroup': (p, id) => {
    const groupId = `sg-${hex(`${p.accountId}/${p.stackName}/${id}`).slice(0, 17)}`;
    return { Ref: groupId, GroupId: groupId };
  },
  'AWS::EC2::VPCEndpoint': (p, id) => ({ Ref: `vpce-${hex(`${p.accountId}/${p.stackName}/${id}`).slice(0, 17)}` }),
  'AWS::Lambda::EventSourceMapping': (p, id) => ({ Ref: uuid(`${p.accountId}/${p.stackName}/${id}`) }),
  'AWS::CloudWatch::Dashboard': (p, id, props) => ({ Ref: text(props, 'DashboardName') ?? generatedName(p, id, 255) }),
};

/** The resource types whose `Ref` and attributes this module can give. */
export const MODELLED_TYPES: readonly string[] = Object.keys(MODELS);

export function physicalOf(place: StackPlace, logicalId: string, type: string, props: Props): Physical {
  const model = MODELS[type];
  if (!model) throw new UnresolvableTemplateError(`${place.stackName}.${logicalId}`, `no model of Ref/GetAtt for resource type ${type}: add one to scripts/policy-matrix/resolve/physical.ts`);
  return model(place, logicalId, props);
}
