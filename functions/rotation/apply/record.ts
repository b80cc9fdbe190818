import { TagUserCommand, UntagUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { USER_TAGS } from '../../../contract/names';
import { formatDeactivationRecord, type DeactivationEntry } from '../../core/lifecycle/record';
import type { AccessKeyState } from '../../core/lifecycle/types';

/**
 * The tool's record of the keys it deactivated for one user (tag
 * IAMKeyRotationDeactivated), kept in step with IAM during one run. Only keys
 * that exist and are inactive are recorded; what was written last is
 * remembered, so a tag is written only when it changes.
 */
export class DeactivationRecord {
  private entries: Map<string, DeactivationEntry>;
  private written: string;

  constructor(
    private readonly iam: IAMClient,
    private readonly userName: string,
    keys: readonly AccessKeyState[],
    recorded: readonly DeactivationEntry[],
    writtenValue: string | undefined,
  ) {
    const inactive = new Set(keys.filter((key) => key.status === 'Inactive').map((key) => key.id));
    this.entries = new Map(recorded.filter((entry) => inactive.has(entry.keyId)).map((entry) => [entry.keyId, entry]));
    this.written = writtenValue ?? '';
  }

  /**
   * Records a deactivation before it is made: if the record cannot be written,
   * the key is not deactivated (nothing this tool switches off goes unrecorded,
   * so it can always be told when, and undone). Call `commit` once IAM agreed.
   */
  async recordBefore(entry: DeactivationEntry): Promise<() => void> {
    const next = new Map(this.entries).set(entry.keyId, entry);
    await this.write(next);
    return () => {
      this.entries = next;
    };
  }

  /** The key is gone, or active again: it leaves the record at the next save. */
  forget(keyId: string): void {
    this.entries.delete(keyId);
  }

  get(keyId: string): DeactivationEntry | undefined {
    return this.entries.get(keyId);
  }

  /** Writes the record if it differs from the tag: removes what a failed step pre-wrote, and stale or hand-typed entries. */
  async save(): Promise<void> {
    await this.write(this.entries);
  }

  private async write(entries: ReadonlyMap<string, DeactivationEntry>): Promise<void> {
    const value = formatDeactivationRecord([...entries.values()]);
    if (value === this.written) return;
    await writeUserTag(this.iam, this.userName, USER_TAGS.deactivated, value);
    this.written = value;
  }
}

/** Sets one of the tool's user tags, or removes it when the value is empty (the member role may touch no other key). */
export async function writeUserTag(iam: IAMClient, userName: string, key: string, value: string): Promise<void> {
  if (value === '') await iam.send(new UntagUserCommand({ UserName: userName, TagKeys: [key] }));
  else await iam.send(new TagUserCommand({ UserName: userName, Tags: [{ Key: key, Value: value }] }));
}
