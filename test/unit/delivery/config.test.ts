import { DeliveryConfigError, parseDeliveryConfig, targetId, targetLabel } from '../../../functions/core/delivery/config';

const PREFIX = { ssmPathPrefix: '/iam-key-rotation/' };

/** The example, verbatim in shape. */
export const EXAMPLE = `version: 1
github:                      # needed only for github targets
  apiUrl: https://api.github.com
  tokenSecretArn: arn:aws:secretsmanager:us-east-1:999999999999:secret:iam-key-rotation/delivery/github-AbCdEf
gitlab:
  apiUrl: https://gitlab.com/api/v4
  tokenSecretArn: arn:aws:secretsmanager:us-east-1:999999999999:secret:iam-key-rotation/delivery/gitlab-AbCdEf
targets:
  - account: "111122223333"
    user: ci-deployer
    deliver:
      - github: { repository: acme/app }
      - github: { repository: acme/app, environment: production }
      - github: { organization: acme, visibility: private }
      - gitlab: { project: acme/app, environmentScope: "*", protected: true }
      - ssm: { name: /iam-key-rotation/ci-deployer, region: us-east-1 }
    names: { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY }
`;

function problem(source: string): DeliveryConfigError {
  try {
    parseDeliveryConfig(source, PREFIX);
  } catch (error) {
    if (error instanceof DeliveryConfigError) return error;
    throw error;
  }
  throw new Error('expected a DeliveryConfigError');
}

describe('delivery.yaml', () => {
  it('reads the issue example into one user with five targets, names defaulted', () => {
    const config = parseDeliveryConfig(EXAMPLE, PREFIX);
    expect(config.github).toEqual({ apiUrl: 'https://api.github.com', tokenSecretArn: 'arn:aws:secretsmanager:us-east-1:999999999999:secret:iam-key-rotation/delivery/github-AbCdEf' });
    expect(config.users).toHaveLength(1);
    const targets = config.users[0]?.targets ?? [];
    expect(targets.map(targetLabel)).toEqual([
      'GitHub acme/app',
      'GitHub acme/app (environment production)',
      'GitHub organization acme (private repositories)',
      'GitLab acme/app',
      'SSM /iam-key-rotation/ci-deployer (us-east-1)',
    ]);
    expect(targets[3]).toEqual({
      kind: 'gitlab',
      project: 'acme/app',
      environmentScope: '*',
      protected: true,
      names: { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' },
    });
    expect(new Set(targets.map(targetId)).size).toBe(5);
  });

  it('lets a target override the names', () => {
    const source = EXAMPLE.replace('- github: { repository: acme/app }', '- github: { repository: acme/app, names: { accessKeyId: PROD_KEY_ID } }');
    const target = parseDeliveryConfig(source, PREFIX).users[0]?.targets[0];
    expect(target).toMatchObject({ names: { accessKeyId: 'PROD_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' } });
  });

  it.each([
    ['an unknown field, named with its line', EXAMPLE.replace('environment: production', 'enviroment: production'), 'targets[0].deliver[1].github.enviroment (line 13): unknown field'],
    ['an unknown top-level field', `${EXAMPLE}extra: 1\n`, 'extra (line 18): unknown field'],
    ['a bad value', EXAMPLE.replace('visibility: private', 'visibility: public'), 'targets[0].deliver[2].github.visibility (line 14): must be all, private or selected'],
    ['an account id without quotes', EXAMPLE.replace('"111122223333"', '111122223333'), 'targets[0].account (line 9): must be a 12-digit account id in quotes'],
    ['an SSM name outside the prefix', EXAMPLE.replace('/iam-key-rotation/ci-deployer', '/prod/ci-deployer'), 'targets[0].deliver[4].ssm.name (line 16): must be under /iam-key-rotation/'],
    ['two kinds in one entry', EXAMPLE.replace('- ssm: {', '- gitlab: { project: a/b }\n        ssm: {'), 'targets[0].deliver[4] (line 16): must name exactly one of github:, gitlab: or ssm:, not gitlab and ssm'],
    ['a repository and an organization', EXAMPLE.replace('{ organization: acme,', '{ repository: acme/x, organization: acme,'), 'targets[0].deliver[2].github (line 14): must name either repository or organization'],
    ['a github target without the github section', EXAMPLE.replace(/^github:.*\n.*\n.*\n/m, ''), 'targets[0].deliver[0].github (line 9): a github target needs the top-level github: section'],
    ['a token secret the rotation role cannot read', EXAMPLE.replace('delivery/gitlab-AbCdEf', 'gitlab-AbCdEf'), 'gitlab.tokenSecretArn (line 7): must name a secret under iam-key-rotation/delivery/'],
    ['a token sent over plain http', EXAMPLE.replace('https://gitlab.com', 'http://gitlab.example.com'), 'gitlab.apiUrl (line 6): must use https'],
    ['the same place twice', EXAMPLE.replace('- github: { organization: acme, visibility: private }', '- github: { repository: acme/app }'), 'targets[0].deliver[2] (line 14): writes the same place as targets[0].deliver[0]'],
    ['a user listed twice', `${EXAMPLE}  - account: "111122223333"\n    user: ci-deployer\n    deliver: [{ ssm: { name: /iam-key-rotation/x, region: us-east-1 } }]\n`, 'targets[1].user (line 19): user ci-deployer of account 111122223333 is listed twice'],
    ['a missing field, at its parent', EXAMPLE.replace('    user: ci-deployer\n', ''), 'targets[0].user (line 9): must be an IAM user name'],
    ['version 2', EXAMPLE.replace('version: 1', 'version: 2'), 'version (line 1): must be 1'],
    ['broken YAML', 'version: 1\ntargets: [\n', 'delivery.yaml (line 3): is not valid YAML'],
    ['a duplicate key', 'version: 1\nversion: 1\ntargets: []\n', 'delivery.yaml (line 2): is not valid YAML'],
  ])('refuses %s', (_name, source, message) => {
    const error = problem(source);
    expect(error.message.slice(0, message.length)).toBe(message);
  });

  it('accepts an empty target list (a file that delivers nothing yet)', () => {
    expect(parseDeliveryConfig('version: 1\ntargets: []\n', PREFIX).users).toEqual([]);
  });
});
