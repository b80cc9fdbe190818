import { ConfigError } from '../../../functions/core/config/errors';
import { partitionOf } from '../../../functions/core/aws/partition';
import { parseInventoryConfig } from '../../../functions/inventory/config';
import { INVENTORY_ENV } from '../../../contract/env/inventory';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/asa-iam-key-rotation-queue';
const VALID = {
  [INVENTORY_ENV.orgListAccount]: '111122223333',
  [INVENTORY_ENV.orgListRole]: 'asa-iam-key-rotation-list-accounts-role',
  [INVENTORY_ENV.rotationQueueUrl]: QUEUE,
};

function configError(env: Record<string, string>): ConfigError {
  try {
    parseInventoryConfig(env, 'eu-west-1');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('inventory configuration', () => {
  test('the minimal configuration: whole Organization, no include or exclude list', () => {
    const config = parseInventoryConfig(VALID, 'eu-west-1');
    expect(config).toEqual({
      orgListAccount: '111122223333',
      orgListRoleArn: 'arn:aws:iam::111122223333:role/asa-iam-key-rotation-list-accounts-role',
      rotationQueueUrl: QUEUE,
      organizationalUnits: [],
      includeAccounts: new Set(),
      excludeAccounts: new Set(),
    });
  });

  test('lists are comma separated, trimmed and deduplicated', () => {
    const config = parseInventoryConfig(
      {
        ...VALID,
        [INVENTORY_ENV.organizationalUnits]: ' ou-ab12-abcdefgh , r-ab12,ou-ab12-abcdefgh',
        [INVENTORY_ENV.includeAccounts]: '111111111111, 222222222222',
        [INVENTORY_ENV.excludeAccounts]: '333333333333,333333333333',
      },
      'eu-west-1',
    );
    expect(config.organizationalUnits).toEqual(['ou-ab12-abcdefgh', 'r-ab12']);
    expect([...config.includeAccounts]).toEqual(['111111111111', '222222222222']);
    expect([...config.excludeAccounts]).toEqual(['333333333333']);
  });

  test('the role ARN is in the partition of the region', () => {
    expect(parseInventoryConfig(VALID, 'cn-north-1').orgListRoleArn).toMatch(/^arn:aws-cn:iam::/);
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('us-east-1')).toBe('aws');
    expect(partitionOf(undefined)).toBe('aws');
  });

  test.each([
    [{ [INVENTORY_ENV.orgListAccount]: '' }, INVENTORY_ENV.orgListAccount, /required/],
    [{ [INVENTORY_ENV.orgListAccount]: '1111-2222-3333' }, INVENTORY_ENV.orgListAccount, /12-digit/],
    [{ [INVENTORY_ENV.orgListRole]: '' }, INVENTORY_ENV.orgListRole, /required/],
    [{ [INVENTORY_ENV.orgListRole]: 'arn:aws:iam::111122223333:role/x' }, INVENTORY_ENV.orgListRole, /role name/],
    [{ [INVENTORY_ENV.rotationQueueUrl]: '' }, INVENTORY_ENV.rotationQueueUrl, /required/],
    [{ [INVENTORY_ENV.rotationQueueUrl]: 'asa-iam-key-rotation-queue' }, INVENTORY_ENV.rotationQueueUrl, /queue URL/],
    [{ [INVENTORY_ENV.organizationalUnits]: 'ou-ab12-abcdefgh,Workloads' }, INVENTORY_ENV.organizationalUnits, /Workloads/],
    [{ [INVENTORY_ENV.includeAccounts]: '111122223333,12345' }, INVENTORY_ENV.includeAccounts, /12345/],
    [{ [INVENTORY_ENV.excludeAccounts]: 'abc' }, INVENTORY_ENV.excludeAccounts, /abc/],
    [
      { [INVENTORY_ENV.includeAccounts]: '111111111111,222222222222', [INVENTORY_ENV.excludeAccounts]: '222222222222' },
      INVENTORY_ENV.excludeAccounts,
      /222222222222/,
    ],
  ])('%j is rejected naming %s', (override, variable, problem) => {
    const error = configError({ ...VALID, ...override });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^${variable}: `));
    expect(error.message).toMatch(problem);
  });
});
