import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { pythonTools } from './python-tools';

/** A running moto server with the clock control of moto_launcher.py. */
export interface MotoServer {
  readonly endpoint: string;
  readonly pid: number;
  /** Milliseconds from spawn until the server answered. */
  readonly startupMs: number;
  stop(): Promise<void>;
}

export class MotoStartError extends Error {
  override readonly name = 'MotoStartError';
}

const LAUNCHER = path.join(__dirname, 'moto_launcher.py');
const READY_TIMEOUT_MS = 30_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/_clock`);
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts moto on a free loopback port and resolves once it answers HTTP. */
export async function startMoto(options: { port?: number } = {}): Promise<MotoServer> {
  const { python } = pythonTools();
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child: ChildProcess = spawn(
    python,
    [LAUNCHER, '--host', '127.0.0.1', '--port', String(port), '--parent-pid', String(process.pid)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  while (!(await answers(endpoint))) {
    if (exited !== null) throw new MotoStartError(`moto exited with code ${exited} before answering:\n${stderr}`);
    if (performance.now() - started > READY_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new MotoStartError(`moto did not answer on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const startupMs = performance.now() - started;
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  child.unref();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  const pid = child.pid;
  if (pid === undefined) throw new MotoStartError('moto started without a process id');
  return {
    endpoint,
    pid,
    startupMs,
    stop: () => stopProcess(pid),
  };
}

/** Stops a server by its process id: SIGTERM, then SIGKILL if it lingers. */
export async function stopProcess(pid: number): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 40 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (alive()) process.kill(pid, 'SIGKILL');
}
