/** One parent in the benchmark's Organization: the root or an OU, and how many accounts sit directly in it. */
export interface TreeNode {
  readonly name: string;
  /** Index of the parent in the plan; undefined for the root. */
  readonly parent?: number;
  readonly accounts: number;
}

const TOP_UNITS = ['Security', 'Infrastructure', 'Workloads', 'Sandbox'] as const;
const CHILDREN_PER_TOP = 5;
const LEAVES_PER_CHILD = 2;
// Shares of the accounts by depth: most accounts sit in leaf OUs, as in a landing zone.
const SHARES = { root: 0.02, top: 0.02, middle: 0.06 } as const;

/**
 * An Organization of `accounts` members in nested OUs, three levels deep
 * (4 OUs under the root, 5 under each, 2 under each of those: 64 OUs).
 * At 1,000 accounts a leaf holds 22 or 23, more than one page of 20.
 * Deterministic: index 0 is the root; parents come before their children.
 */
export function organizationTree(accounts: number): TreeNode[] {
  const root = Math.round(accounts * SHARES.root);
  const top = Math.round(accounts * SHARES.top);
  const middle = Math.round(accounts * SHARES.middle);
  const leaves = accounts - root - top - middle;
  const middleCount = TOP_UNITS.length * CHILDREN_PER_TOP;
  const leafCount = middleCount * LEAVES_PER_CHILD;
  const spread = (total: number, count: number, index: number): number =>
    Math.floor(total / count) + (index < total % count ? 1 : 0);

  const nodes: TreeNode[] = [{ name: 'root', accounts: root }];
  TOP_UNITS.forEach((unit, t) => {
    const topIndex = nodes.push({ name: unit, parent: 0, accounts: spread(top, TOP_UNITS.length, t) }) - 1;
    for (let c = 0; c < CHILDREN_PER_TOP; c++) {
      const m = t * CHILDREN_PER_TOP + c;
      const childIndex = nodes.push({ name: `${unit}-${c + 1}`, parent: topIndex, accounts: spread(middle, middleCount, m) }) - 1;
      for (let l = 0; l < LEAVES_PER_CHILD; l++) {
        const leaf = m * LEAVES_PER_CHILD + l;
        nodes.push({ name: `${unit}-${c + 1}-${l === 0 ? 'prod' : 'dev'}`, parent: childIndex, accounts: spread(leaves, leafCount, leaf) });
      }
    }
  });
  return nodes;
}
