import { Pacer, type PacerClock } from '../../../functions/core/where-used/pacer';

function clock(): PacerClock & { waits: number[] } {
  let t = 1_000;
  const waits: number[] = [];
  return { waits, now: () => t, sleep: async (ms) => void (waits.push(ms), (t += ms)) };
}

describe('Pacer', () => {
  it('lets a lane make 2 calls a second and no more, whatever the callers do at once', async () => {
    const time = clock();
    const pacer = new Pacer(time, 2);
    await Promise.all([pacer.wait('a/eu-west-1'), pacer.wait('a/eu-west-1'), pacer.wait('a/eu-west-1')]);
    // Released at 1000, 1500 and 2000 ms: three calls take a whole second.
    expect(time.waits).toEqual([500, 500]);
    expect(time.now()).toBe(2_000);
  });

  it('keeps lanes (account and Region) apart', async () => {
    const time = clock();
    const pacer = new Pacer(time, 2);
    await pacer.wait('a/eu-west-1');
    await pacer.wait('a/us-east-1');
    await pacer.wait('b/eu-west-1');
    expect(time.waits).toEqual([]);
  });
});
