import { DescribeRouteTablesCommand, DescribeVpcEndpointsCommand, type RouteTable, type VpcEndpoint } from '@aws-sdk/client-ec2';
import { TEMPLATE_FILES } from '../../contract/names';
import type { CheckResult, MainStack } from './checks';
import type { DoctorClients } from './clients';

/** What the functions call from a VPC, as endpoint service suffixes; SES either way (SMTP in VPC mode, or the API). */
const INTERFACE_SERVICES: readonly { readonly label: string; readonly services: readonly string[] }[] = [
  { label: 'STS', services: ['sts'] },
  { label: 'Secrets Manager', services: ['secretsmanager'] },
  { label: 'SQS', services: ['sqs'] },
  { label: 'SES', services: ['email-smtp', 'email'] },
];
const UNUSABLE = new Set(['deleted', 'deleting', 'failed', 'rejected', 'expired']);

async function endpointsOf(clients: DoctorClients, vpcId: string): Promise<VpcEndpoint[]> {
  const all: VpcEndpoint[] = [];
  let token: string | undefined;
  do {
    const page = await clients.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], NextToken: token }));
    all.push(...(page.VpcEndpoints ?? []));
    token = page.NextToken;
  } while (token);
  return all.filter((e) => !UNUSABLE.has((e.State ?? '').toLowerCase()));
}

async function routeTablesOf(clients: DoctorClients, vpcId: string): Promise<RouteTable[]> {
  const all: RouteTable[] = [];
  let token: string | undefined;
  do {
    const page = await clients.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], NextToken: token }));
    all.push(...(page.RouteTables ?? []));
    token = page.NextToken;
  } while (token);
  return all;
}

/** A subnet without its own association uses the VPC's main route table. */
function tableOf(tables: readonly RouteTable[], subnet: string): RouteTable | undefined {
  return (
    tables.find((t) => (t.Associations ?? []).some((a) => a.SubnetId === subnet)) ?? tables.find((t) => (t.Associations ?? []).some((a) => a.Main === true))
  );
}

const hasNatRoute = (table: RouteTable | undefined): boolean =>
  (table?.Routes ?? []).some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && Boolean(r.NatGatewayId) && r.State !== 'blackhole');

/**
 * VPC mode (RunLambdaInVPC): the function subnets reach every service they
 * call, through endpoints (the vpc-endpoints template) or a NAT route.
 * GitHub and GitLab are on the Internet: delivery to them needs the NAT route
 * whatever endpoints exist (`internetHosts`, from delivery.yaml).
 */
export async function vpcCheck(clients: DoctorClients, main: MainStack, internetHosts: readonly string[]): Promise<CheckResult> {
  if (!main.stack) return { id: 'vpc', ok: false, message: 'no main stack to read its network settings from', fix: 'npm run deploy' };
  if (main.parameters.RunLambdaInVPC !== 'True') return { id: 'vpc', ok: true, message: 'not in a VPC (RunLambdaInVPC is not True): the functions reach AWS and the delivery hosts directly' };
  const vpcId = main.parameters.VpcId ?? '';
  const subnets = (main.parameters.SubnetId ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // The template's Rule refuses this at deploy time; a stack updated around it would otherwise pass with nothing checked.
  if (vpcId === '' || subnets.length === 0) {
    return { id: 'vpc', ok: false, message: 'RunLambdaInVPC is True but VpcId or SubnetId is empty: the functions have no subnets to run in', fix: 'set VpcId and SubnetId (samconfig.toml), then npm run deploy' };
  }
  const endpoints = await endpointsOf(clients, vpcId);
  const tables = await routeTablesOf(clients, vpcId);
  const prefix = `com.amazonaws.${clients.region}.`;
  const has = (service: string, type?: string): boolean => endpoints.some((e) => e.ServiceName === `${prefix}${service}` && (type === undefined || e.VpcEndpointType === type));
  const missingEndpoints = [
    ...INTERFACE_SERVICES.filter((s) => !s.services.some((service) => has(service, 'Interface'))).map((s) => `${s.label} (interface)`),
    ...(has('s3', 'Gateway') || has('s3', 'Interface') ? [] : ['S3 (gateway)']),
  ];
  const withoutNat = subnets.filter((subnet) => !hasNatRoute(tableOf(tables, subnet)));
  const where = `VPC ${vpcId}, subnet(s) ${subnets.join(', ')}`;
  const natFix = `add a route 0.0.0.0/0 to a NAT gateway in the route table of ${withoutNat.join(', ')}`;
  const deliveryNote = internetHosts.length > 0 ? `delivery.yaml sends keys to ${internetHosts.join(' and ')}, on the Internet: those need the NAT route` : 'GitHub/GitLab delivery targets, if added to delivery.yaml, would need a NAT route';
  if (withoutNat.length === 0) return { id: 'vpc', ok: true, message: `${where}: every function subnet routes 0.0.0.0/0 to a NAT gateway (AWS APIs and the delivery hosts are reachable)` };
  if (missingEndpoints.length > 0) {
    return {
      id: 'vpc',
      ok: false,
      message: `${where}: no endpoint for ${missingEndpoints.join(', ')} and no NAT route in ${withoutNat.join(', ')}: those calls time out; ${deliveryNote}`,
      fix: `deploy dist/CloudFormation/${TEMPLATE_FILES.vpcEndpoints} in this VPC (or create the missing endpoints), or ${natFix}`,
    };
  }
  if (internetHosts.length > 0) return { id: 'vpc', ok: false, message: `${where}: the VPC endpoints are all there, but no NAT route in ${withoutNat.join(', ')}: ${deliveryNote}`, fix: natFix };
  return { id: 'vpc', ok: true, message: `${where}: endpoints for STS, Secrets Manager, SQS, SES and S3 (no NAT route: ${deliveryNote})` };
}
