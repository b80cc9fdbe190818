/** Runs matrix rows through the simulator, one world per deployment. */
import { DEPLOYMENTS, type DeploymentName } from '../deployment/deployments';
import { partiesOf, type Parties } from '../model/parties';
import { simulate, type Decision, type PolicyRequest } from '../simulate/simulate';
import { EXPECTED, type MatrixRow } from './rows';

export interface RowResult {
  readonly row: MatrixRow;
  readonly request: PolicyRequest;
  readonly expected: 'deny' | 'allow';
  readonly decision: Decision;
  readonly holds: boolean;
}

export async function evaluateRows(rows: readonly MatrixRow[], expected: 'deny' | 'allow', parties?: (name: DeploymentName) => Parties): Promise<RowResult[]> {
  const cache = new Map<DeploymentName, Parties>();
  const partiesFor = parties ?? ((name: DeploymentName) => {
    let found = cache.get(name);
    if (!found) {
      found = partiesOf(DEPLOYMENTS[name]);
      cache.set(name, found);
    }
    return found;
  });
  const results: RowResult[] = [];
  for (const row of rows) {
    const p = partiesFor(row.deployment);
    const request = row.request(p);
    const decision = await simulate(p.world, request);
    results.push({ row, request, expected, decision, holds: EXPECTED[expected].includes(decision.verdict) });
  }
  return results;
}
