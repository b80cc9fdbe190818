/**
 * The compliance view of a selection of keys (issue 12's digest, `npm run
 * plan`, the key report): one row per key, what it counts as, the
 * counts, and the key-age chart in text and email-safe HTML. Pure: no I/O.
 */
export { ageDistribution, bucketEdges, type AgeBucket } from './age-buckets';
export { rowsToCsv, type ExtraColumn } from './csv';
export { ageInDays, isoDay } from './dates';
export { htmlAgeChart, STANDING_COLOURS } from './html-chart';
export { classifyRow, classifyRows, leftAloneCause } from './row-standing';
export { accountRows, type AccountKeys, type ClassifiedKey, type KnownKey, type LeftAlone, type RowContext, type UserKeys } from './key-rows';
export { keyOutlooks, type KeyOutlook } from './next-action';
export { KEY_ROW_FIELDS, type KeyRow, type NextAction } from './row';
export { emptyCounts, hasNewerActiveKey, STANDING_LABELS, STANDINGS, standingOf, type SiblingKey, type Standing, type StandingInput } from './standing';
export { textAgeChart } from './text-chart';
export { complianceView, MOST_OVERDUE_ACCOUNTS, type AccountCompliance, type ComplianceView, type LeftAloneUser, type StandingCounts } from './view';
