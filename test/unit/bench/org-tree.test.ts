import { organizationTree } from '../../../bench/org-tree';

describe('the benchmark Organization', () => {
  it.each([1000, 100, 5000])('places exactly %i accounts, under 64 OUs three levels deep', (accounts) => {
    const tree = organizationTree(accounts);
    expect(tree.reduce((sum, node) => sum + node.accounts, 0)).toBe(accounts);
    expect(tree.filter((node) => node.parent !== undefined)).toHaveLength(64);
    const depth = (index: number): number => {
      const parent = tree[index]?.parent;
      return parent === undefined ? 0 : 1 + depth(parent);
    };
    expect(Math.max(...tree.map((_, i) => depth(i)))).toBe(3);
    tree.forEach((node) => {
      if (node.parent !== undefined) expect(node.parent).toBeLessThan(tree.indexOf(node));
    });
  });

  it('at 1,000 accounts every leaf OU needs two pages of ListAccountsForParent', () => {
    const parents = new Set(organizationTree(1000).map((node) => node.parent));
    const leaves = organizationTree(1000).filter((_, i) => !parents.has(i));
    expect(leaves).toHaveLength(40);
    expect(leaves.every((leaf) => leaf.accounts > 20)).toBe(true);
  });
});
