import { agentFamily, agentLabel } from '../../../functions/core/where-used/user-agent';

describe('agentFamily names the program behind a user agent', () => {
  it.each([
    ['aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard botocore/2.4.5', 'aws-cli', 'the AWS CLI'],
    ['aws-cli/1.33.0 Python/3.12.3 Linux/6.5.0 botocore/1.34.120', 'aws-cli', 'the AWS CLI'],
    ['Boto3/1.34.120 md/Botocore#1.34.120 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.12.3', 'boto3', 'Boto3 (Python)'],
    ['Botocore/1.34.120 ua/2.0 os/linux#6.5.0 lang/python#3.12.3', 'boto3', 'Boto3 (Python)'],
    ['aws-sdk-js/3.600.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.15.0 api/s3#3.600.0', 'aws-sdk-js', 'the AWS SDK for JavaScript'],
    ['aws-sdk-nodejs/2.1640.0 linux/v18.20.3 promise', 'aws-sdk-js', 'the AWS SDK for JavaScript'],
    ['aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22.4 md/GOOS#linux md/GOARCH#amd64 api/sts#1.30.0', 'aws-sdk-go', 'the AWS SDK for Go'],
    ['aws-sdk-go/1.54.0 (go1.22.4; linux; amd64)', 'aws-sdk-go', 'the AWS SDK for Go'],
    ['aws-sdk-java/2.26.0 Linux/6.1 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3 vendor/Amazon.com_Inc. io/sync http/Apache', 'aws-sdk-java', 'the AWS SDK for Java'],
    ['APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2', 'terraform', 'Terraform'],
    ['aws-sdk-js/3.600.0 ua/2.1 os/linux#6.5 lang/js md/nodejs#20.15.0 api/sts#3.600.0 configure-aws-credentials-for-github-actions', 'github-actions', 'the GitHub Actions credentials action'],
    ['AWS Internal', 'console', 'the AWS console'],
    ['console.amazonaws.com', 'console', 'the AWS console'],
    ['cloudformation.amazonaws.com', 'aws-service', 'an AWS service acting for it'],
  ])('%s', (userAgent, family, label) => {
    expect(agentFamily(userAgent)).toBe(family);
    expect(agentLabel(agentFamily(userAgent))).toBe(label);
  });

  it('names another program by its first product token only, and nothing by "unknown"', () => {
    expect(agentFamily('rclone/v1.67.0')).toBe('other:rclone');
    expect(agentLabel('other:rclone')).toBe('rclone');
    expect(agentFamily(undefined)).toBe('unknown');
    expect(agentFamily('   ')).toBe('unknown');
    expect(agentLabel('unknown')).toBe('an unnamed program');
  });
});
