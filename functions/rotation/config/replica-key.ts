import { ROTATION_ENV } from '../../../contract/env/rotation';
import { ProblemError } from '../../core/errors/named-error';

/**
 * Central replicas without a multi-Region key. A replica is encrypted by its
 * primary key's replica in the replica's Region, or by that Region's
 * aws/secretsmanager key when the key is single-Region: the members could not
 * decrypt their replica, and any principal of the central account that
 * rewrote its policy could. The template's rule requires a key given by ARN;
 * whether it is multi-Region only the ARN's `mrk-` says, which CloudFormation
 * cannot test, so the function refuses to start.
 */
export class ReplicaKeyNotMultiRegionError extends ProblemError {
  override readonly name = 'ReplicaKeyNotMultiRegionError';
  constructor(keyArn: string) {
    super(
      `${ROTATION_ENV.secretsKmsKeyArn}, ${ROTATION_ENV.replicaRegions}`,
      `central secrets with replicas need a multi-Region key (key/mrk-…) replicated to every replica Region (template parameters SecretsKmsKeyArn, CredentialReplicationRegions), got "${keyArn}"`,
    );
  }

  /** The environment variables at fault, as a ConfigError names them. */
  get variable(): string {
    return this.subject;
  }
}

export const isMultiRegionKey = (keyArn: string): boolean => /:key\/mrk-/.test(keyArn);

export function checkReplicaKey(central: boolean, replicaRegions: readonly string[], keyArn: string | undefined): void {
  if (central && replicaRegions.length > 0 && keyArn !== undefined && !isMultiRegionKey(keyArn)) throw new ReplicaKeyNotMultiRegionError(keyArn);
}
