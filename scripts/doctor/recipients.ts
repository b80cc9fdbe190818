/**
 * Who the tool mails, as far as the doctor can know it read-only: the admin
 * (AdminEmailAddress), and the account contacts and key owners the latest
 * closed run recorded (`contactAddress` and `ownerAddresses` of each
 * account's result in `Digests/<runId>.json`), and which of them SES would
 * refuse in its sandbox.
 */
import { GetObjectCommand, paginateListObjectsV2, type _Object } from '@aws-sdk/client-s3';
import { paginateListEmailIdentities } from '@aws-sdk/client-sesv2';
import { DIGEST_FOLDERS } from '../../contract/names';
import { collectPages, nextOfTruncated } from '../../functions/core/aws/collect-pages';
import { runDigest } from '../../functions/core/messages/run';
import { describeIssue, firstIssue } from '../../functions/core/schema/issues';
import type { MainStack } from './checks';
import type { DoctorClients } from './clients';

export interface KnownRecipients {
  /** The admin first, then the account contacts and the owners, each address once (case-insensitive). */
  readonly addresses: readonly string[];
  /** Where the owners came from, or why they are unknown. */
  readonly source: string;
  /** The contacts and owners could not be known (no run closed yet, or its run state has no owner addresses). */
  readonly ownersUnknown: boolean;
}

/** The latest closed run's digest: the newest object under Digests/ (run ids are not ordered). */
async function latestDigest(clients: DoctorClients, bucket: string, prefix: string): Promise<_Object | undefined> {
  const token = 'NextContinuationToken';
  const objects = await collectPages(
    paginateListObjectsV2({ client: clients.s3 }, { Bucket: bucket, Prefix: `${prefix}/${DIGEST_FOLDERS.digests}/` }),
    (page) => ({ items: page.Contents, next: nextOfTruncated(page.IsTruncated, page[token], token) }),
    token,
  );
  return objects.filter((o) => o.Key?.endsWith('.json')).reduce<_Object | undefined>((latest, o) => ((o.LastModified?.getTime() ?? 0) > (latest?.LastModified?.getTime() ?? -1) ? o : latest), undefined);
}

export async function knownRecipients(clients: DoctorClients, main: MainStack): Promise<KnownRecipients> {
  const admin = main.parameters.AdminEmailAddress ? [main.parameters.AdminEmailAddress] : [];
  const bucket = main.parameters.S3BucketName;
  const prefix = main.parameters.S3BucketPrefix;
  const owners = Boolean(main.parameters.ResourceOwnerTag);
  const whom = owners ? 'the account contacts and key owners' : 'the account contacts';
  if (!bucket || prefix === undefined) return { addresses: admin, source: `no bucket to read the latest run from, so ${whom} are unknown`, ownersUnknown: true };
  const latest = await latestDigest(clients, bucket, prefix);
  if (latest?.Key === undefined) return { addresses: admin, source: `no run has closed yet, so ${whom} are unknown`, ownersUnknown: true };
  const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: latest.Key }));
  const parsed = runDigest.safeParse(JSON.parse((await object.Body?.transformToString('utf-8')) ?? '{}'));
  if (!parsed.success) {
    const { field, problem } = describeIssue(firstIssue(parsed.error.issues));
    return { addresses: admin, source: `the latest run's digest s3://${bucket}/${latest.Key} cannot be read (${field}: ${problem}), so ${whom} are unknown`, ownersUnknown: true };
  }
  const digest = parsed.data;
  const run = `run ${digest.runId} closed ${digest.closedAt.slice(0, 10)}`;
  if (owners && digest.reports.length > 0 && digest.reports.every((report) => report.ownerAddresses === undefined)) {
    return { addresses: admin, source: `the latest ${run} predates owner addresses in run state: the owners are known after the next run`, ownersUnknown: true };
  }
  const contacts = digest.reports.flatMap((report) => (report.contactAddress ? [report.contactAddress] : []));
  const keyOwners = owners ? digest.reports.flatMap((report) => report.ownerAddresses ?? []) : [];
  const unique = new Map<string, string>();
  for (const address of [...admin, ...contacts, ...keyOwners]) if (!unique.has(address.toLowerCase())) unique.set(address.toLowerCase(), address);
  const parts = ['the admin', ...(contacts.length > 0 ? ['the account contacts'] : []), ...(owners ? ['the key owners'] : [])];
  const source = `${parts.slice(0, -1).join(', ')}${parts.length > 1 ? ' and ' : ''}${parts.at(-1) ?? ''} of the latest ${run}${owners ? '' : ' (ResourceOwnerTag is empty: no owner is mailed)'}`;
  return { addresses: [...unique.values()], source, ownersUnknown: false };
}

/**
 * The addresses among `addresses` that SES would refuse in the sandbox: not
 * a verified identity, neither as an address nor by its domain. One listing
 * of the account's identities, however many addresses.
 */
export async function unverifiedAmong(clients: DoctorClients, addresses: readonly string[]): Promise<string[]> {
  const identities = await collectPages(paginateListEmailIdentities({ client: clients.ses }, {}), (page) => ({ items: page.EmailIdentities, next: page.NextToken }));
  const verified = new Set(identities.filter((i) => i.VerificationStatus === 'SUCCESS' && i.IdentityName).map((i) => (i.IdentityName ?? '').toLowerCase()));
  return addresses.filter((address) => !verified.has(address.toLowerCase()) && !verified.has(address.slice(address.lastIndexOf('@') + 1).toLowerCase()));
}
