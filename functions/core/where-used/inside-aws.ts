import type { TrailEvent } from './event';

/**
 * Signs in an event that the caller ran inside AWS: a VPC endpoint, or an SDK
 * that names its AWS execution environment (Lambda, ECS and Fargate, CloudShell
 * set AWS_EXECUTION_ENV, which the SDKs append as `exec-env/`). An EC2 instance
 * leaves no such sign unless it calls through a VPC endpoint, so "inside AWS"
 * is claimed only when every event carries one.
 */
export function ranInsideAws(event: TrailEvent): boolean {
  if (event.vpcEndpointId) return true;
  return /(^|\s)exec-env\/(AWS_Lambda|AWS_ECS|CloudShell)/i.test(event.userAgent ?? '');
}
