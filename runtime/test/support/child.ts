import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { runtimeRoot } from '../../src/config';

/** A runtime started as a child process (`tongban serve`), as an operator runs it. */
export interface RuntimeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** SIGKILL: no shutdown hook runs, in-flight transactions are cut. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `tongban serve` on a free port against a PostgreSQL database and waits until it answers. */
export async function startRuntime(databaseUrl: string, env: Record<string, string> = {}): Promise<RuntimeProcess> {
  const port = 20000 + Math.floor(Math.random() * 30000);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(runtimeRoot, 'src/cli.ts'), 'serve'], {
    cwd: runtimeRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'error', TONGBAN_WORKER_INTERVAL_MS: '50', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`runtime exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`runtime did not answer within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    url,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
