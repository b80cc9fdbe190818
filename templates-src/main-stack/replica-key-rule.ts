/**
 * Replicas of central secrets need a multi-Region key. A secret replica is
 * encrypted by the replica of its primary's key in the replica's Region, and
 * by that Region's aws/secretsmanager key when the primary's key has no
 * replica there. The stack's own key is single-Region, and a stack cannot
 * create an AWS::KMS::ReplicaKey in another Region, so with it every central
 * replica would fall back to aws/secretsmanager: the members cannot decrypt it,
 * and any principal of the central account that rewrites its policy can.
 * CloudFormation cannot test a key ARN for the `mrk-` prefix, so the rule
 * requires a key given by ARN and the rotation function's cold-start check
 * (functions/rotation/config) requires it to be multi-Region.
 */
import { Fn } from 'cloudform';
import type { Rules } from '../lib/rules';
import { ref } from './parameters';

export const replicaKeyRule: Rules = {
  CentralReplicasNeedMultiRegionKey: {
    RuleCondition: Fn.And([Fn.Equals(ref('StoreSecretsInCentralAccount'), 'True'), Fn.Not(Fn.Equals(ref('CredentialReplicationRegions'), ''))]),
    Assertions: [
      {
        Assert: Fn.Not(Fn.Equals(ref('SecretsKmsKeyArn'), '')),
        AssertDescription: 'Central replicas need SecretsKmsKeyArn: a multi-Region key (mrk-) replicated to each of CredentialReplicationRegions',
      },
    ],
  },
};
