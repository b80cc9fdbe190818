/**
 * The prices the cost model uses: AWS list prices in us-east-1, as the lead
 * gave them. They change; docs/performance.md says so and where to check.
 */
export const PRICES = {
  asOf: '2026-12-01',
  region: 'us-east-1',
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequestsPerMillion: 0.2,
  sqsRequestsPerMillion: 0.4,
  sqsFreeRequestsPerMonth: 1_000_000,
  secretPerMonth: 0.4,
  secretsApiCallsPer10k: 0.05,
  kmsKeyPerMonth: 1,
  kmsRequestsPer10k: 0.03,
  logsIngestedPerGb: 0.5,
  logsStoredPerGbMonth: 0.03,
  customMetricPerMonth: 0.3,
  dashboardPerMonth: 3,
  freeDashboards: 3,
  alarmPerMonth: 0.1,
  sesPer1000Emails: 0.1,
} as const;

export type Prices = typeof PRICES;

export const PRICE_NOTE = `us-east-1 list prices, as of ${PRICES.asOf}; check the AWS pricing pages`;
