import { stopProcess } from '../../emulator/moto-server';

export default async function globalTeardown(): Promise<void> {
  const pids = JSON.parse(process.env.MOTO_PIDS ?? '[]') as number[];
  await Promise.all(pids.map((pid) => stopProcess(pid)));
}
