import { usedWhere } from '../../../functions/core/text/used-where';
import { reasonFor } from '../../../functions/core/compliance/reasons';
import { DEFAULT_LIFECYCLE_SETTINGS } from '../../../functions/core/lifecycle';

describe('where a key was last used', () => {
  test('service and region, either, or neither', () => {
    expect(usedWhere({ service: 's3', region: 'eu-west-1' })).toBe(' by s3 in eu-west-1');
    expect(usedWhere({ service: 's3' })).toBe(' by s3');
    expect(usedWhere({ region: 'eu-west-1', service: null })).toBe(' in eu-west-1');
    expect(usedWhere({})).toBe('');
  });

  test('a reason with only the region says "in", not "by" (a region is not a service)', () => {
    const at = new Date('2026-01-06T00:00:00Z');
    const text = reasonFor(
      [{ type: 'DEACTIVATE', keyId: 'K', reason: 'POSTPONEMENT_ENDED', severity: 'CRITICAL', dueAt: at, lastUse: { at, region: 'eu-west-1' } }],
      { settings: DEFAULT_LIFECYCLE_SETTINGS, ageDays: 120, dueNow: true, at },
    );
    expect(text).toContain('(last used 2026-01-06 in eu-west-1)');
  });
});
