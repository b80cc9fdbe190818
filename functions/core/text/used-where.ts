/** Where a key was last used, as every message and row says it: " by s3 in eu-west-1", " by s3", " in eu-west-1" or "". */
export function usedWhere(use: { readonly service?: string | null | undefined; readonly region?: string | null | undefined }): string {
  return `${use.service ? ` by ${use.service}` : ''}${use.region ? ` in ${use.region}` : ''}`;
}
