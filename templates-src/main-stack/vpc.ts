/** The functions' security group in VPC mode: no inbound, outbound HTTPS and SMTP (STARTTLS) to VpcCidr only. */
import { EC2 } from 'cloudform';
import { lintException } from '../lib/lint';
import { CONDITION } from './conditions';
import { IDS } from './logical-ids';
import { ref } from './parameters';

export const vpc = {
  [IDS.securityGroup]: new EC2.SecurityGroup({
    GroupDescription: 'IAM key rotation functions: HTTPS and SMTP to the VPC endpoints',
    VpcId: ref('VpcId'),
    SecurityGroupEgress: [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: ref('VpcCidr'), Description: 'AWS APIs through VPC endpoints' },
      { IpProtocol: 'tcp', FromPort: 587, ToPort: 587, CidrIp: ref('VpcCidr'), Description: 'SES SMTP endpoint (STARTTLS)' },
    ],
  })
    .condition(CONDITION.runInVpc)
    // cfn-lint checks VpcId against its default (''), but this group exists only in VPC mode, where the Rule VpcSettingsGiven requires a VpcId.
    .metadata(lintException(['W1030'], 'VpcId is empty only outside VPC mode, where this resource is not created (Rule VpcSettingsGiven).')),
};
