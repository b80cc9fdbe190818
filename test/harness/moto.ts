import { motoAt, useAwsEnvironment, type Moto } from '../../emulator/moto';

// Jest glue for the emulator (emulator/): global setup starts one moto server
// per worker (global-setup.ts); each integration test file takes its worker's.

/** The moto server that global setup started for this Jest worker. */
export function workerEndpoint(): string {
  const raw = process.env.MOTO_ENDPOINTS;
  if (!raw) throw new Error('MOTO_ENDPOINTS is not set: run the tests through jest, whose global setup starts moto');
  const endpoints = JSON.parse(raw) as string[];
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const endpoint = endpoints[(worker - 1) % endpoints.length];
  if (!endpoint) throw new Error(`no moto endpoint for Jest worker ${worker}`);
  return endpoint;
}

/**
 * For integration test files: this worker's moto, reset before the file's tests
 * run (so each file starts empty), with the SDK environment pointed at it.
 */
export function useMoto(): Moto {
  const moto = motoAt(workerEndpoint());
  useAwsEnvironment(moto.endpoint);
  beforeAll(() => moto.reset());
  afterAll(() => moto.clock.reset());
  return moto;
}
