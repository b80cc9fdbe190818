/**
 * Optional VPC endpoints for RunLambdaInVPC: the services the functions call,
 * reachable without internet access. One security group admits HTTPS (and
 * SMTP for SES) from the VPC's CIDR.
 */
import { EC2, Fn, type Condition } from 'cloudform';
import { flag, PATTERNS, refs, text } from '../lib/parameters';
import type { Template, TemplateSource } from '../lib/template';
import { TEMPLATE_FILES } from '../../contract/names';

export const parameters = {
  pVpcId: { Type: 'AWS::EC2::VPC::Id', Description: 'VPC the functions run in (the main stack\'s VpcId).' },
  pSubnetId: {
    Type: 'List<AWS::EC2::Subnet::Id>',
    Description: 'Subnet, or subnets, for the interface endpoints (the main stack\'s SubnetId); one per Availability Zone at most.',
  },
  pVPCCidr: text({ Description: 'CIDR allowed to reach the endpoints (the main stack\'s VpcCidr).', Default: '0.0.0.0/0', AllowedPattern: PATTERNS.cidr }),
  pCreateSESEndpoint: flag('Create the SES SMTP endpoint (email-smtp), used by the notifier in VPC mode.', 'False'),
  pCreateSSMEndpoint: flag('Create the SSM endpoint (the notifier reads the SMTP credentials).', 'False'),
  pCreateSTSEndpoint: flag('Create the STS endpoint (the functions assume roles in other accounts).', 'False'),
  pCreateS3GatewayEndpoint: flag('Create the S3 gateway endpoint (the notifier reads email templates); needs pRouteTableIds.', 'False'),
  pCreateSecretsManagerEndpoint: flag('Create the Secrets Manager endpoint (new keys are stored as secrets).', 'False'),
  pCreateSQSEndpoint: flag('Create the SQS endpoint (the functions send messages to each other\'s queues).', 'False'),
  pRouteTableIds: text({
    Description: 'Comma-separated route table ids of the subnets, for the S3 gateway endpoint.',
    Default: '',
    AllowedPattern: '^(rtb-[0-9a-f]{8,17}(,rtb-[0-9a-f]{8,17})*)?$',
  }),
};

const ref = refs(parameters);

/** Interface endpoints: the flag parameter, the logical id, the service name. */
const INTERFACE_ENDPOINTS = [
  { parameter: 'pCreateSESEndpoint', id: 'SESEndpoint', service: 'email-smtp' },
  { parameter: 'pCreateSSMEndpoint', id: 'SSMEndpoint', service: 'ssm' },
  { parameter: 'pCreateSTSEndpoint', id: 'STSEndpoint', service: 'sts' },
  { parameter: 'pCreateSecretsManagerEndpoint', id: 'SecretsManagerEndpoint', service: 'secretsmanager' },
  { parameter: 'pCreateSQSEndpoint', id: 'SQSEndpoint', service: 'sqs' },
] as const;

const created = (parameter: keyof typeof parameters): Condition => Fn.Equals(ref(parameter), 'True');
const conditionName = (id: string) => `Create${id}`;

export function vpcEndpoints(): Template {
  const conditions: Record<string, Condition> = {};
  for (const endpoint of INTERFACE_ENDPOINTS) conditions[conditionName(endpoint.id)] = created(endpoint.parameter);
  conditions.CreateS3GatewayEndpoint = created('pCreateS3GatewayEndpoint');
  conditions.CreateAnyInterfaceEndpoint = Fn.Or(INTERFACE_ENDPOINTS.map((endpoint) => ({ Condition: conditionName(endpoint.id) })));

  const resources: NonNullable<Template['Resources']> = {
    EndpointSecurityGroup: new EC2.SecurityGroup({
      GroupDescription: 'IAM key rotation VPC endpoints: HTTPS and SMTP from the VPC',
      VpcId: ref('pVpcId'),
      SecurityGroupIngress: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: ref('pVPCCidr'), Description: 'AWS APIs' },
        { IpProtocol: 'tcp', FromPort: 587, ToPort: 587, CidrIp: ref('pVPCCidr'), Description: 'SES SMTP (STARTTLS)' },
      ],
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: ref('pVPCCidr'), Description: 'Responses stay inside the VPC' }],
    }).condition('CreateAnyInterfaceEndpoint'),
  };
  for (const endpoint of INTERFACE_ENDPOINTS) {
    resources[endpoint.id] = new EC2.VPCEndpoint({
      VpcEndpointType: 'Interface',
      ServiceName: Fn.Sub(`com.amazonaws.\${AWS::Region}.${endpoint.service}`, {}),
      VpcId: ref('pVpcId'),
      SubnetIds: ref('pSubnetId'),
      SecurityGroupIds: [Fn.Ref('EndpointSecurityGroup')],
      PrivateDnsEnabled: true,
    }).condition(conditionName(endpoint.id));
  }
  resources.S3GatewayEndpoint = new EC2.VPCEndpoint({
    VpcEndpointType: 'Gateway',
    ServiceName: Fn.Sub('com.amazonaws.${AWS::Region}.s3', {}),
    VpcId: ref('pVpcId'),
    RouteTableIds: Fn.Split(',', ref('pRouteTableIds')),
  }).condition('CreateS3GatewayEndpoint');

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'IAM key rotation: optional VPC endpoints for functions running in a VPC (RunLambdaInVPC).',
    Parameters: parameters,
    Rules: {
      RouteTablesForS3Gateway: {
        RuleCondition: Fn.Equals(ref('pCreateS3GatewayEndpoint'), 'True'),
        Assertions: [{ Assert: Fn.Not(Fn.Equals(ref('pRouteTableIds'), '')), AssertDescription: 'pCreateS3GatewayEndpoint is True: pRouteTableIds is required' }],
      },
    },
    Conditions: conditions,
    Resources: resources,
    Outputs: {
      oEndpointSecurityGroup: { Description: 'Security group of the interface endpoints', Value: Fn.Ref('EndpointSecurityGroup'), Condition: 'CreateAnyInterfaceEndpoint' },
    },
  };
}

export const VPC_ENDPOINTS: TemplateSource = { file: TEMPLATE_FILES.vpcEndpoints, source: 'templates-src/vpc-endpoints', build: vpcEndpoints };
