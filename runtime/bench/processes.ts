/**
 * Processes of the HTTP benchmarks: the runtime as an operator starts it (`tongban serve`, one process per node),
 * an empty fastify server started the same way, and the load generator (autocannon) in a process of its own, so
 * the figures never include the generator's own CPU in the server's event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The runtime package folder (`runtime/`). */
export const runtimeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A scratch folder of the benchmarks (generated files, load generator scripts). */
export function benchFolder(): string {
  const folder = path.join(tmpdir(), 'tongban-bench');
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Runs a command to its end; answers its exit code and output. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: runtimeDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A server child process answering on `url`. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

async function startServer(args: string[], env: NodeJS.ProcessEnv, port: number, readyPath: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: runtimeDir, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); });
  child.stderr!.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}${readyPath}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not answer within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Starts `tongban serve` on a PostgreSQL database (a node), with its job worker, and waits until it answers. */
export async function startRuntimeNode(databaseUrl: string, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  return startServer(['--import', 'tsx', path.join(runtimeDir, 'src/cli.ts'), 'serve'], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'error', ...env }, await freePort(), '/api/v1/health');
}

/** Starts the empty fastify server (`bench/empty-route.ts`) the same way as a node: tsx, its own process. */
export async function startEmptyServer(): Promise<ServerProcess> {
  return startServer(['--import', 'tsx', path.join(runtimeDir, 'bench/empty-route.ts')], {}, await freePort(), '/health');
}

/** What autocannon measured: requests/s (mean of its per-second samples), latencies in ms, and failures. */
export interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  p999: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** One load run: `connections` keep-alive connections spread over `urls`, for `durationS` seconds. */
export interface LoadOptions {
  urls: string[];
  connections: number;
  durationS: number;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const LOAD_GENERATOR = `
const autocannon = require('autocannon');
const options = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
const urls = options.urls.map((url) => url + options.path);
autocannon({
  url: urls.length === 1 ? urls[0] : urls, connections: options.connections, duration: options.durationS, timeout: 30,
  method: options.method, headers: options.headers, body: options.body,
}, (error, result) => {
  if (error) { console.error(error); process.exit(1); }
  const l = result.latency;
  console.log(JSON.stringify({ rps: result.requests.average, total: result.requests.total, p50: l.p50, p99: l.p99, p999: l.p99_9,
    errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }));
});
`;

/** Runs autocannon in a separate Node.js process against `options.urls`. */
export async function loadTest(options: LoadOptions): Promise<LoadResult> {
  const folder = benchFolder();
  const script = path.join(folder, 'load-generator.cjs');
  writeFileSync(script, LOAD_GENERATOR);
  const input = path.join(folder, `load-${process.pid}-${Date.now()}.json`);
  writeFileSync(input, JSON.stringify(options));
  const result = await run(process.execPath, [script, input], { ...process.env, NODE_PATH: path.join(runtimeDir, 'node_modules') })
    .finally(() => rmSync(input, { force: true }));
  if (result.code !== 0) throw new Error(`autocannon failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as LoadResult;
}
