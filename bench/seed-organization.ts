import type { Moto } from '../emulator/moto';
import { createAccount, createOrganization, createOrganizationalUnit } from '../emulator/organization';
import type { TreeNode } from './org-tree';
import { mapWithConcurrency } from '../functions/core/async/map-with-concurrency';

export interface SeededOrganization {
  readonly rootId: string;
  /** Id of each node of the tree, by the node's index. */
  readonly parentIds: readonly string[];
  /** Member account ids by the index of the node they sit in. */
  readonly accountsByNode: ReadonlyMap<number, readonly string[]>;
  readonly seconds: number;
}

const CONCURRENCY = 8;

/**
 * A fresh Organization shaped like `tree`: the OUs one by one (each needs its
 * parent), then the accounts several at a time (create, then move into its OU).
 */
export async function seedOrganization(moto: Moto, tree: readonly TreeNode[]): Promise<SeededOrganization> {
  const started = performance.now();
  await moto.reset();
  const { rootId } = await createOrganization(moto);
  const parentIds: string[] = [rootId];
  for (const node of tree.slice(1)) {
    const parentId = parentIds[node.parent ?? 0];
    if (parentId === undefined) throw new Error(`OU ${node.name} comes before its parent`);
    parentIds.push(await createOrganizationalUnit(moto, parentId, node.name));
  }
  const wanted = tree.flatMap((node, index) => Array.from({ length: node.accounts }, (_, k) => ({ index, k })));
  const accountsByNode = new Map<number, string[]>();
  await mapWithConcurrency(wanted, CONCURRENCY, async ({ index, k }) => {
    const name = `org-${String(index).padStart(2, '0')}-${String(k).padStart(3, '0')}`;
    const parentId = parentIds[index] ?? rootId;
    const id = await createAccount(moto, { name, email: `${name}@example.com`, parentId, rootId });
    const list = accountsByNode.get(index) ?? [];
    list.push(id);
    accountsByNode.set(index, list);
  });
  return { rootId, parentIds, accountsByNode, seconds: (performance.now() - started) / 1000 };
}
