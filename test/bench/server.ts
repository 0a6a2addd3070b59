/** Starts the built server (dist/index.js) as a child process and stops it; talks to it over HTTP only. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface ServerOptions {
  /** Repository root: the server runs with it as working directory (templates/ is resolved from there). */
  root: string;
  dbFile: string;
  apiKey: string;
  readyTimeoutMs?: number;
  /** Extra node arguments for the server process, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']. */
  nodeArgs?: string[];
  /** Extra environment for the server (e.g. WEBHOOK_ALLOWED_HOSTS for the webhook phase). */
  env?: Record<string, string>;
}

export interface RunningServer {
  pid: number;
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  child: ChildProcess;
  /** The last lines the server wrote (stdout and stderr). */
  output(): string;
  /** SIGTERM, then wait for exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; killed: boolean }>;
}

/** A port that was free a moment ago: bind port 0, read it, release it. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const entry = join(options.root, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} not found: run "npm run build" first`);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${options.dbFile}`,
    SQLITE_SYNCHRONOUS: 'FULL', // durable commits, whatever the caller's environment says
    ADMIN_API_KEY: options.apiKey,
    LOG_LEVEL: 'warn',
    GRAPHIQL: 'false',
    // The sample intake was received days ago, so every complaint created is overdue at once: with the
    // scheduler ticking, the run would also measure thousands of escalations firing alongside the requests.
    // The scheduler's own cost is measured apart (scheduler-tick.ts); here it only ticks at start-up.
    SCHEDULER_INTERVAL_MS: '0',
    ...options.env,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), entry], { cwd: options.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('could not spawn the server');
  const pid = child.pid;

  // Keep the tail of the server's output for error reports; echo it to stderr (at LOG_LEVEL=warn it is quiet unless something is wrong).
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (!line) continue;
        lines.push(line);
        if (lines.length > 200) lines.shift();
        process.stderr.write(`[server] ${line}\n`);
      }
    });
  };
  collect(child.stdout!);
  collect(child.stderr!);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );

  const output = () => lines.join('\n');
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (exited) throw new Error(`server exited during start-up (${JSON.stringify(exited)}):\n${output()}`);
    try {
      const response = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within ${options.readyTimeoutMs ?? 30_000} ms:\n${output()}`);
    }
    await sleep(100);
  }

  return {
    pid,
    port,
    origin,
    child,
    output,
    async stop(timeoutMs = 15_000) {
      const started = Date.now();
      let killed = false;
      if (!exited) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      const result = await exit;
      clearTimeout(timer);
      return { ...result, ms: Date.now() - started, killed };
    },
  };
}
