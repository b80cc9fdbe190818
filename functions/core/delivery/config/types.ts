/**
 * The delivery configuration (`<prefix>/Config/delivery.yaml`): which IAM
 * user's new key goes to which CI secret or parameter. Configured centrally,
 * never by user tags: whoever could tag a user could otherwise aim another
 * team's CI at a key of their own.
 */

/** The names the key is stored under in a CI system (the defaults are what AWS SDKs and CLIs read). */
export interface SecretNames {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export const DEFAULT_SECRET_NAMES: SecretNames = Object.freeze({ accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' });

export type OrganizationVisibility = 'all' | 'private' | 'selected';

export type GitHubScope =
  | { readonly kind: 'repository'; readonly repository: string }
  | { readonly kind: 'environment'; readonly repository: string; readonly environment: string }
  | {
      readonly kind: 'organization';
      readonly organization: string;
      readonly visibility: OrganizationVisibility;
      /** Only with visibility `selected`: the repositories that may read the secret. */
      readonly selectedRepositoryIds?: readonly number[];
    };

export interface GitHubTarget {
  readonly kind: 'github';
  readonly scope: GitHubScope;
  readonly names: SecretNames;
}

export interface GitLabTarget {
  readonly kind: 'gitlab';
  /** `group/project` path (or numeric id as a string). */
  readonly project: string;
  readonly environmentScope: string;
  readonly protected: boolean;
  readonly names: SecretNames;
}

export interface SsmTarget {
  readonly kind: 'ssm';
  readonly name: string;
  readonly region: string;
  readonly kmsKeyId?: string;
}

export type DeliveryTarget = GitHubTarget | GitLabTarget | SsmTarget;
export type TargetKind = DeliveryTarget['kind'];
export const TARGET_KINDS: readonly TargetKind[] = ['github', 'gitlab', 'ssm'];

export interface ApiEndpoint {
  /** No trailing slash. */
  readonly apiUrl: string;
  /** Secrets Manager secret holding the token (`{"token": ...}`, or a GitHub App's `appId`/`installationId`/`privateKey`). */
  readonly tokenSecretArn: string;
}

export interface UserDelivery {
  readonly account: string;
  readonly user: string;
  readonly targets: readonly DeliveryTarget[];
}

export interface DeliveryConfig {
  readonly version: 1;
  readonly github?: ApiEndpoint;
  readonly gitlab?: ApiEndpoint;
  readonly users: readonly UserDelivery[];
}

/** The targets of one user, empty when the configuration does not name it. */
export function targetsOf(config: DeliveryConfig | undefined, account: string, user: string): readonly DeliveryTarget[] {
  return config?.users.find((entry) => entry.account === account && entry.user === user)?.targets ?? [];
}
