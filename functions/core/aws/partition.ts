/** The ARN partition of the region a function runs in (Lambda sets AWS_REGION), for ARNs it builds itself. */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  if (region?.startsWith('us-isob-')) return 'aws-iso-b';
  if (region?.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}
