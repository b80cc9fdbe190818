import type { DeliveryTarget } from './types';

/**
 * A stable identity for a target: the key of its delivery record. Two targets
 * with the same id write the same place, which the configuration refuses.
 */
export function targetId(target: DeliveryTarget): string {
  // Two users may share a repository under different variable names (PROD_AWS_ACCESS_KEY_ID), so names are part of it.
  return target.kind === 'ssm' ? placeOf(target) : `${placeOf(target)}#${target.names.accessKeyId}`;
}

function placeOf(target: DeliveryTarget): string {
  switch (target.kind) {
    case 'github': {
      const { scope } = target;
      if (scope.kind === 'repository') return `github:repo:${scope.repository}`;
      if (scope.kind === 'environment') return `github:env:${scope.repository}:${scope.environment}`;
      return `github:org:${scope.organization}`;
    }
    case 'gitlab':
      return `gitlab:${target.project}:${target.environmentScope}`;
    case 'ssm':
      return `ssm:${target.region}:${target.name}`;
  }
}

/** The target in an owner's words: "GitHub acme/app (environment production)". */
export function targetLabel(target: DeliveryTarget): string {
  switch (target.kind) {
    case 'github': {
      const { scope } = target;
      if (scope.kind === 'repository') return `GitHub ${scope.repository}`;
      if (scope.kind === 'environment') return `GitHub ${scope.repository} (environment ${scope.environment})`;
      return `GitHub organization ${scope.organization} (${scope.visibility} repositories)`;
    }
    case 'gitlab':
      return `GitLab ${target.project}${target.environmentScope === '*' ? '' : ` (environment ${target.environmentScope})`}`;
    case 'ssm':
      return `SSM ${target.name} (${target.region})`;
  }
}
