import { RunDeliveryConfigCache } from '../../../functions/rotation/delivery/run-cache';
import type { RunDeliveryConfig } from '../../../functions/rotation/delivery/setup';

/** A reader that counts its reads and answers what the test says. */
function reader(answers: RunDeliveryConfig[]): { read: () => Promise<RunDeliveryConfig>; reads: () => number } {
  let reads = 0;
  return {
    read: () => {
      const answer = answers[Math.min(reads, answers.length - 1)] ?? {};
      reads += 1;
      return Promise.resolve(answer);
    },
    reads: () => reads,
  };
}

describe('RunDeliveryConfigCache', () => {
  it('reads delivery.yaml once for every account of a run that one container serves', async () => {
    const cache = new RunDeliveryConfigCache();
    const file = reader([{ note: 'first' }, { note: 'second' }]);
    const seen = await Promise.all(['1', '2', '3'].map(() => cache.get('run-a', file.read)));
    expect(file.reads()).toBe(1);
    expect(seen.map((entry) => entry.note)).toEqual(['first', 'first', 'first']);
  });

  it('reads again for the next run, so an uploaded file applies from the next run', async () => {
    const cache = new RunDeliveryConfigCache();
    const file = reader([{ note: 'old' }, { note: 'new' }]);
    await cache.get('run-a', file.read);
    expect((await cache.get('run-b', file.read)).note).toBe('new');
    expect(file.reads()).toBe(2);
  });

  it('always reads for an event without a run id (a console event)', async () => {
    const cache = new RunDeliveryConfigCache();
    const file = reader([{}]);
    await cache.get(undefined, file.read);
    await cache.get(undefined, file.read);
    expect(file.reads()).toBe(2);
  });

  it('does not keep a read S3 refused: the next account of the run tries again', async () => {
    const cache = new RunDeliveryConfigCache();
    const file = reader([{ note: 'S3 down', unreadable: true }, { note: 'read' }]);
    expect((await cache.get('run-a', file.read)).unreadable).toBe(true);
    expect((await cache.get('run-a', file.read)).note).toBe('read');
    expect((await cache.get('run-a', file.read)).note).toBe('read');
    expect(file.reads()).toBe(2);
  });

  it('keeps a wrong file for the run: every account says the same, nothing is delivered', async () => {
    const cache = new RunDeliveryConfigCache();
    const file = reader([{ note: 'delivery.yaml: targets[0].user: required' }]);
    await cache.get('run-a', file.read);
    await cache.get('run-a', file.read);
    expect(file.reads()).toBe(1);
  });
});
