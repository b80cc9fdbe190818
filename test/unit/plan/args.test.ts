import { helpText, parsePlanArgs } from '../../../scripts/plan/args';
import { SETTING_FLAGS } from '../../../scripts/plan/settings-flags';
import { parameters } from '../../../templates-src/main-stack/parameters';

describe('plan arguments', () => {
  test('defaults: the caller\'s account, a table, now, four accounts at once', () => {
    expect(parsePlanArgs([])).toEqual({
      help: false,
      accounts: [],
      org: false,
      ous: [],
      format: 'table',
      demo: false,
      keyIds: true,
      whereUsed: false,
      concurrency: 4,
      ignoreFailedAccounts: false,
      parameters: {},
    });
  });

  test('accounts and OUs repeat or come comma-separated; --ou implies --org; --at is that day at 00:00 UTC', () => {
    const args = parsePlanArgs(['--account', '111122223333,444455556666', '--account', '111122223333', '--ou', 'ou-ab12-cdef3456', '--at', '2026-03-01']);
    expect(args).toMatchObject({ accounts: ['111122223333', '444455556666'], ous: ['ou-ab12-cdef3456'], org: true, at: new Date('2026-03-01T00:00:00Z') });
  });

  test('setting flags and --parameter become main-stack parameter values', () => {
    expect(parsePlanArgs(['--rotation-period', '60', '--inactive-period', '70', '--parameter', 'IAMExemptionGroup=Breakglass']).parameters).toEqual({
      RotationPeriod: '60',
      InactivePeriod: '70',
      IAMExemptionGroup: 'Breakglass',
    });
  });

  test.each([
    [['--account', '12345'], '--account: not a 12-digit account id: 12345'],
    [['--ou', 'OU-1'], '--ou: not an OU or root id (ou-… or r-…): OU-1'],
    [['--at', '2026-02-30'], '--at: must be a date YYYY-MM-DD, got "2026-02-30"'],
    [['--at', 'tomorrow'], '--at: must be a date YYYY-MM-DD, got "tomorrow"'],
    [['--format', 'xml'], '--format: must be one of table, csv, json, html, got "xml"'],
    [['--role', 'arn:aws:iam::1:role/x'], '--role: must be an IAM role name (not an ARN), got "arn:aws:iam::1:role/x"'],
    [['--concurrency', '0'], '--concurrency: must be a whole number from 1 to 32, got "0"'],
    [['--demo', '--profile', 'prod'], '--profile: cannot be used with --demo, which plans the emulated Organization with its own credentials'],
    [['--parameter', 'Nope=1'], '--parameter: the main stack has no parameter Nope'],
    [['--parameter', 'RotationPeriod'], '--parameter: must be Key=Value, got "RotationPeriod"'],
  ])('%j: %s', (argv, message) => {
    expect(() => parsePlanArgs(argv)).toThrow(message);
  });

  test('--help lists every setting flag with its parameter, description and the template\'s default', () => {
    const help = helpText();
    // Entries wrap at 100 columns: compare with the line breaks and indents folded.
    const folded = help.replace(/\s+/g, ' ');
    for (const [flag, name] of Object.entries(SETTING_FLAGS)) {
      const declared = JSON.parse(JSON.stringify(parameters[name])) as { Description: string; Default: unknown };
      expect(folded).toContain(`--${flag} ${name}: ${declared.Description} Default ${String(declared.Default)}.`);
    }
    expect(Math.max(...help.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(help).toContain('--no-key-ids');
    expect(help).toContain('one ListAccessKeys per such user');
  });
});
