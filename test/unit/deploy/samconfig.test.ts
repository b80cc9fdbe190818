import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSamConfig, SamConfigError, withParameters } from '../../../scripts/deploy/samconfig';

const SAMCONFIG = readFileSync(path.join(__dirname, '..', '..', '..', 'samconfig.toml'), 'utf8');

describe('samconfig.toml, the one source of settings for sam deploy and npm run deploy', () => {
  test('the repository\'s file: stack name, region, and the uncommented overrides only', () => {
    const config = parseSamConfig(SAMCONFIG);
    expect(config.stackName).toBe('asa-iam-key-rotation');
    expect(config.region).toBe('us-east-1');
    expect(config.parameters).toMatchObject({ S3BucketName: 'my-artifacts', RotationCodeVersion: '', DryRunFlag: 'True', RotationPeriod: '90' });
    expect(config.parameters).not.toHaveProperty('RotationMaxConcurrency'); // commented out
  });

  test('writing replaces values in place, uncomments a commented one, appends an unknown one, and keeps every comment', () => {
    const written = withParameters(SAMCONFIG, { S3BucketName: 'mine', RotationCodeVersion: 'v1', RotationMaxConcurrency: '50', ComplianceMaxKeyAge: '90' });
    const config = parseSamConfig(written);
    expect(config.parameters).toMatchObject({ S3BucketName: 'mine', RotationCodeVersion: 'v1', RotationMaxConcurrency: '50', ComplianceMaxKeyAge: '90' });
    const comments = (text: string) => text.split('\n').filter((line) => /^\s*# [A-Z]/.test(line) && !line.includes('"'));
    expect(comments(written)).toEqual(comments(SAMCONFIG));
    expect(withParameters(written, { S3BucketName: 'mine' })).toBe(written);
  });

  test('a file without the section or a stack name is refused with what is missing', () => {
    expect(() => parseSamConfig('version = 0.1\n')).toThrow(SamConfigError);
    expect(() => parseSamConfig('[default.deploy.parameters]\nregion = "eu-west-1"\n')).toThrow(/no stack_name/);
  });
});
