/**
 * The programs a person recognises, told from a CloudTrail event's userAgent.
 * Order matters: Terraform's agent also names the Go SDK it is built on, the
 * GitHub Actions credentials action names the JavaScript SDK, and the AWS CLI
 * names botocore, so the more specific program is tried first.
 */
export const AGENT_FAMILIES = ['terraform', 'github-actions', 'console', 'aws-cli', 'boto3', 'aws-sdk-js', 'aws-sdk-go', 'aws-sdk-java', 'aws-service'] as const;

export type KnownAgentFamily = (typeof AGENT_FAMILIES)[number];
/** A known family, `other:<product>` for an agent that names another program, or `unknown`. */
export type AgentFamily = KnownAgentFamily | `other:${string}` | 'unknown';

const RULES: readonly (readonly [KnownAgentFamily, RegExp])[] = [
  ['terraform', /(^|\s)(HashiCorp\/\S+\s+)?Terraform\/|terraform-provider-aws\//i],
  ['github-actions', /configure-aws-credentials-for-github-actions/i],
  // The console signs as "AWS Internal"; some of its calls name the console's host instead.
  ['console', /^AWS Internal\b|console\.amazonaws\.com|console\.aws\.amazon\.com/i],
  ['aws-cli', /(^|\s)aws-cli\//i],
  ['boto3', /(^|\s)(Boto3|Botocore)\//i],
  ['aws-sdk-js', /(^|\s)aws-sdk-(js|nodejs)(-v3)?\//i],
  ['aws-sdk-go', /(^|\s)aws-sdk-go(-v2)?\//i],
  ['aws-sdk-java', /(^|\s)aws-sdk-java\//i],
  // An AWS service acting for the caller (CloudFormation, for one) puts its own host name there.
  ['aws-service', /^[a-z0-9.-]+\.amazonaws\.com$/i],
];

/** The program behind a user agent; never the agent text itself beyond its first product name. */
export function agentFamily(userAgent: string | undefined): AgentFamily {
  const text = (userAgent ?? '').trim();
  if (text === '') return 'unknown';
  for (const [family, pattern] of RULES) if (pattern.test(text)) return family;
  const product = /^\[?([A-Za-z][A-Za-z0-9._-]{0,39})/.exec(text)?.[1];
  return product ? `other:${product}` : 'unknown';
}

const LABELS: Record<KnownAgentFamily, string> = {
  terraform: 'Terraform',
  'github-actions': 'the GitHub Actions credentials action',
  console: 'the AWS console',
  'aws-cli': 'the AWS CLI',
  boto3: 'Boto3 (Python)',
  'aws-sdk-js': 'the AWS SDK for JavaScript',
  'aws-sdk-go': 'the AWS SDK for Go',
  'aws-sdk-java': 'the AWS SDK for Java',
  'aws-service': 'an AWS service acting for it',
};

/** How a sentence names the program: "by Terraform", "by the AWS CLI". */
export function agentLabel(family: string): string {
  if (family in LABELS) return LABELS[family as KnownAgentFamily];
  if (family.startsWith('other:')) return family.slice('other:'.length);
  return 'an unnamed program';
}
