/**
 * A redis-server of a test's own, on a free port: for tests that stop, kill or freeze Redis
 * (the shared one on 6379 stays untouched). Debian's redis-server, as on the machine.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { freePort } from './pg_cluster';

export interface PrivateRedis {
  port: number;
  url: string;
  /** starts it (again) on the same port; resolves once it answers PING */
  start(): Promise<void>;
  /** SIGKILL: the connection drops at once */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: connected, but answering nothing — a hung Redis */
  freeze(): void;
  thaw(): void;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const self: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      for (let i = 0; i < 50; i++) {
        const probe = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
        if ((await new Promise<number | null>((r) => probe.on('exit', r))) === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('redis-server did not start');
    },
    async kill() {
      const running = child;
      child = null;
      if (!running) return;
      const exited = new Promise((r) => running.on('exit', r));
      running.kill('SIGCONT'); // a frozen one too
      running.kill('SIGKILL');
      await exited;
    },
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
  };
  await self.start();
  return self;
}
