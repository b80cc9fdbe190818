import { readFileSync } from 'node:fs';
import { DEPLOYED, MAIN_TEMPLATE, readDeployed, type Deployed } from '../../../bench/deployed';
import { COST_ACCOUNTS, COST_ASSUMPTIONS, costModel, monthlyTotals } from '../../../bench/models/cost-model';
import { modelInputs, type ModelInputs } from '../../../bench/models/inputs';
import { duration } from '../../../bench/models/markdown';
import { PRICES } from '../../../bench/models/prices';
import { awsAccountSeconds, TIME_ASSUMPTIONS, timeModel } from '../../../bench/models/time-model';
import type { ScenarioResult, SideFigures } from '../../../bench/results';
import { summarize } from '../../../bench/stats';
import { FUNCTION_SETTINGS } from '../../../templates-src/main-stack/function-settings';

const one = (n: number) => summarize([n]);

const INPUTS: ModelInputs = {
  source: 'pipeline-200x100',
  accounts: 200,
  usersPerAccount: 100,
  dueShare: 0.02,
  perAccount: {
    rotationSeconds: 0.5,
    rotationMaxSeconds: 1.5,
    rotationCalls: 20,
    iamCalls: 12,
    stsCalls: 1,
    emails: 2,
    sqsSends: 1.2,
    notifierInvocations: 0.2,
    notifierSeconds: 0.1,
    logBytes: { inventory: 3, rotation: 800, notifier: 700 },
    logLines: 4,
  },
  secretsCallsPerRotation: 4,
  inventory: { source: 'org-1000', accounts: 1001, secondsPerAccount: 0.002, callsPerAccount: 0.15 },
};

describe('what the main stack deploys, as the models read it', () => {
  it('reads each function as function-settings declares it, and the rotation concurrency parameter', () => {
    for (const key of ['rotation', 'inventory', 'notifier'] as const) {
      expect(DEPLOYED.functions[key]).toEqual({ memoryMb: FUNCTION_SETTINGS[key].memory, timeoutSeconds: FUNCTION_SETTINGS[key].timeout, architecture: 'arm64' });
    }
    expect(DEPLOYED.mappings.rotation).toEqual({ batchSize: 1, concurrency: { default: 25, max: 1000, parameter: 'RotationMaxConcurrency' } });
    expect(DEPLOYED.alarms).toBeGreaterThan(0);
  });

  it('logs at the level the template gives the functions, literally or through a parameter', () => {
    // Whatever level the committed template sets, the rotation function's (the first environment) gets this one instead.
    const text = readFileSync(MAIN_TEMPLATE, 'utf8').replace(/^ {10}(POWERTOOLS_LOG_LEVEL|LOG_LEVEL): .*\n/gm, '');
    const withLevel = (value: string) => text.replace('        Variables:\n', `        Variables:\n          POWERTOOLS_LOG_LEVEL: ${value}\n`);
    expect(readDeployed(withLevel('WARN')).logLevel).toBe('WARN');
    // Any parameter will do to show the default is read: DryRunFlag's is "True".
    expect(readDeployed(withLevel('!Ref DryRunFlag')).logLevel).toBe('True');
    expect(['INFO', 'WARN', 'ERROR', 'DEBUG']).toContain(DEPLOYED.logLevel);
  });

  it('names what is missing instead of guessing', () => {
    const text = readFileSync(MAIN_TEMPLATE, 'utf8').replace(/BatchSize: 1\n/, 'BatchSize: many\n');
    expect(() => readDeployed(text)).toThrow('BatchSize is not a number');
  });
});

describe('time model', () => {
  it('takes the longer of latency and the IAM rate for one account', () => {
    expect(awsAccountSeconds(1, 20, 12, TIME_ASSUMPTIONS)).toEqual({ seconds: 1 + 20 * 0.05 + 3, bound: 'latency' });
    expect(awsAccountSeconds(1, 20, 200, TIME_ASSUMPTIONS)).toEqual({ seconds: 20, bound: 'IAM rate' });
  });

  it('runs ceil(accounts / C) rounds of one account each, the management account included', () => {
    const model = timeModel(INPUTS, DEPLOYED, TIME_ASSUMPTIONS);
    expect(model.accountSeconds).toBeCloseTo(4.5);
    expect(model.concurrencies).toEqual([25, 50, 1000]);
    const thousand = model.rows.find((row) => row.accounts === 1000);
    expect(thousand?.rotationSeconds.get(1000)).toBeCloseTo(2 * 4.5);
    expect(thousand?.emailSeconds).toBeCloseTo(2000 / 14);
    expect(thousand?.rotationSeconds.get(25)).toBeCloseTo(Math.ceil(1001 / 25) * 4.5);
    // At the default C the rotation (41 rounds) ends before the mail, so the daily run is inventory + mail.
    expect(thousand?.dailyRunSeconds).toBeCloseTo((thousand?.inventorySeconds ?? 0) + Math.max(Math.ceil(1001 / 25) * 4.5, 2000 / 14));
  });

  it('caps the concurrency where the STS rate of the solution account would be exceeded', () => {
    const model = timeModel(INPUTS, DEPLOYED, { ...TIME_ASSUMPTIONS, stsRequestsPerSecond: 20 });
    // 1 AssumeRole per 4.5 s account: 20/s allow 90 accounts at once, whatever C says.
    expect(model.rows.find((row) => row.accounts === 1000)?.rotationSeconds.get(1000)).toBeCloseTo(Math.ceil(1001 / 90) * 4.5);
    expect(model.stsRateAtMax).toBeCloseTo(90 / 4.5);
  });

  it('says when the inventory would outrun its timeout', () => {
    const slow = { ...INPUTS, inventory: { ...INPUTS.inventory, secondsPerAccount: 0.1 } };
    expect(timeModel(slow, DEPLOYED, TIME_ASSUMPTIONS).rows.find((row) => row.accounts === 5000)?.problems.join()).toMatch(/over its 300 s timeout/);
  });

  it('writes durations a reader can take in', () => {
    expect([duration(0.2), duration(42), duration(600), duration(4 * 3600)]).toEqual(['1 s', '42 s', '10 min', '4.0 h']);
  });
});

describe('cost model', () => {
  const deployed: Deployed = DEPLOYED;
  const lines = costModel(INPUTS, deployed, PRICES, COST_ASSUMPTIONS);
  const line = (item: string) => {
    const found = lines.find((l) => l.item === item);
    if (!found) throw new Error(`no line ${item}`);
    return found;
  };

  it('charges a secret per user and month once every user has been rotated', () => {
    expect(line('Secrets Manager secrets').dollars).toEqual(COST_ACCOUNTS.map((n) => n * 100 * 0.4));
    const replicated = costModel(INPUTS, deployed, PRICES, { ...COST_ASSUMPTIONS, replicaRegions: 1 });
    expect(replicated.find((l) => l.item === 'Secrets Manager secrets')?.dollars[0]).toBeCloseTo(10 * 100 * 0.4 * 2);
  });

  it('bills Lambda by measured seconds x configured memory, and a request per invocation', () => {
    const gbs = 30 * (0.002 * 11 * 0.25 + 0.5 * 11 * 0.5 + 0.1 * 10 * 0.25);
    expect(line('Lambda compute').dollars[0]).toBeCloseTo(gbs * PRICES.lambdaArmGbSecond, 10);
    expect(line('Lambda requests').quantities[0]).toBe(String(30 * (1 + 11 + 2)));
  });

  it('deducts the free SQS million once, and counts the idle polling of both mappings', () => {
    const perMonth = (n: number) => 30 * (1.2 * n + 2 * (n + 1 + Math.max(1, Math.ceil(0.2 * n)))) + 2 * COST_ASSUMPTIONS.idlePollingRequestsPerMapping;
    expect(line('SQS requests').dollars[2]).toBeCloseTo(((perMonth(1000) - 1e6) / 1e6) * 0.4);
  });

  it('prices the emails measured per account, and totals every line', () => {
    expect(line('SES emails').dollars[1]).toBeCloseTo((30 * 2 * 100 * 0.1) / 1000);
    const totals = monthlyTotals(lines);
    expect(totals[0]).toBeCloseTo(lines.reduce((sum, l) => sum + (l.dollars[0] ?? 0), 0));
  });
});

describe('model inputs', () => {
  const side = (extra: Partial<SideFigures>): SideFigures => ({
    label: 'product pipeline',
    reps: 1,
    totalCalls: one(0),
    callsByOperation: {},
    callsPerUser: one(0),
    correct: [true],
    problems: [],
    ...extra,
  });
  const pipeline: ScenarioResult = {
    id: 'pipeline-2x100',
    title: '',
    accounts: 2,
    usersPerAccount: 100,
    dueUsers: 4,
    status: 'measured',
    notes: [],
    product: side({
      callsByOperation: { 'IAM.ListAccessKeys': one(8), 'STS.AssumeRole': one(3), 'SecretsManager.PutSecretValue': one(4), 'SESv2.SendEmail': one(6), 'Organizations.ListAccounts': one(1) },
      functions: {
        rotation: { invocations: one(3), seconds: one(1.5), maxSeconds: one(0.9), logBytes: one(400), logLines: one(2) },
        inventory: { invocations: one(1), seconds: one(0.03), maxSeconds: one(0.03), logBytes: one(300), logLines: one(1) },
        notifier: { invocations: one(1), seconds: one(0.2), maxSeconds: one(0.2), logBytes: one(100), logLines: one(3) },
      },
    }),
  };

  it('divides the pipeline per member account and per rotation, and takes the inventory from the pipeline without an org scenario', () => {
    const inputs = modelInputs([pipeline]);
    expect(inputs?.perAccount).toMatchObject({ rotationSeconds: 0.5, rotationCalls: 7.5, iamCalls: 4, stsCalls: 1.5, emails: 3 });
    expect(inputs?.secretsCallsPerRotation).toBe(1);
    expect(inputs?.inventory).toEqual({ source: 'pipeline-2x100 (inventory stage)', accounts: 3, secondsPerAccount: 0.01, callsPerAccount: 1 / 3 });
  });

  it('has nothing to model without a correct pipeline run', () => {
    expect(modelInputs([])).toBeUndefined();
    expect(modelInputs([{ ...pipeline, product: side({ correct: [false] }) }])).toBeUndefined();
  });
});
