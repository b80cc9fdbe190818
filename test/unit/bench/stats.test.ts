import { formatSummary, median, ratio, summarize } from '../../../bench/stats';

describe('bench stats', () => {
  it('takes the middle value, or the mean of the two middle ones, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow('median of no values');
  });

  it('summarizes repetitions as median and range', () => {
    expect(summarize([10, 14, 11])).toEqual({ median: 11, min: 10, max: 14, spread: 4, n: 3, values: [10, 14, 11] });
    expect(formatSummary(summarize([10, 14, 11]), 1)).toBe('11.0 ±2.0');
    // One repetition has no spread to show.
    expect(formatSummary(summarize([2]), 2)).toBe('2.00');
  });

  it('refuses a ratio to zero', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeUndefined();
  });
});
