import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Starts the server exactly as the README says (`npm start`) on a temp data dir; SQLite, no other server. */
const root = join(__dirname, '../../..');
const dataDir = mkdtempSync(join(tmpdir(), 'cq-start-'));
/** Servers started here; a failed assertion must not leave one running. */
const started: number[] = [];
afterAll(() => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  stop(signal: NodeJS.Signals): void;
  logs: Array<Record<string, unknown>>;
  url: string;
  exit: Promise<{ code: number | null; ms: number }>;
}

async function npmStart(port: number): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dataDir, 'data/complaints.db')}`, LOG_LEVEL: 'info' };
  delete env.ADMIN_API_KEY;
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Array<Record<string, unknown>> = [];
  let stopAt = 0;
  const exit = new Promise<{ code: number | null; ms: number }>((resolve) => child.on('exit', (code) => resolve({ code, ms: Date.now() - stopAt })));
  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (typeof entry.url === 'string') resolve(entry.url);
      }
    });
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)));
  });
  const serverPid = logs.find((l) => typeof l.url === 'string')!.pid as number;
  started.push(serverPid, child.pid!);
  // Signal the server process itself, as a process manager would; npm then exits with its code.
  const stop = (signal: NodeJS.Signals) => {
    stopAt = Date.now();
    process.kill(serverPid, signal);
  };
  return { child, logs, url, exit, stop };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped on purpose: this is what any HTTP client sees
const gql = (url: string, key: string, query: string, variables?: unknown): Promise<any> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) }).then((r) => r.json());

// The README's start command is the SQLite default; the PostgreSQL suite has nothing to add here.
describe.skipIf(process.env.TEST_DB === 'postgresql')('the README start command', () => {
  let key = '';

  it('builds, migrates, loads the templates, prints the admin key once and serves GraphQL; SIGTERM stops it cleanly', async () => {
    const port = await freePort();
    const run = await npmStart(port);
    expect(run.url).toBe(`http://127.0.0.1:${port}/graphql`);
    const keyLine = run.logs.find((l) => typeof l.apiKey === 'string');
    expect(keyLine).toBeDefined();
    key = keyLine!.apiKey as string;
    expect(String(keyLine!.msg)).toContain('Authorization: Bearer');
    expect(run.logs.find((l) => l.msg === 'templates loaded')).toMatchObject({
      loaded: expect.arrayContaining(['organization/default', 'complaint-type/product-quality', 'investigation/8d', 'approval-route/remedy', 'escalation-policy/standard']),
    });
    // The one warning the shipped set may give depends on today's date: the public-holiday data does not cover
    // the next 12 months (see "Public holidays by year" in the README).
    expect(run.logs.filter((l) => String(l.msg).startsWith('template warning') && !(l.code === 'HOLIDAY_DATA_MISSING' && l.path === '/calendar/publicHolidays'))).toEqual([]);

    const types = await gql(run.url, key, '{ complaintTypes { key title { zhCN en } } }');
    expect(types.data.complaintTypes).toContainEqual({ key: 'product-quality', title: { zhCN: '产品质量投诉', en: 'Product quality complaint' } });
    const created = await gql(run.url, key, 'mutation($input: CreateComplaintInput!) { createComplaint(input: $input) { __typename ... on Complaint { number } } }', {
      input: { typeKey: 'delivery', data: { customer: { organization: 'ACME', contactName: 'Li' }, receivedAt: '2026-11-21T01:00:00Z', channel: 'phone', orderNumber: 'SO-1', issue: 'late', description: 'late' } },
    });
    expect(created.data.createComplaint.__typename).toBe('Complaint');

    run.stop('SIGTERM');
    const { code, ms } = await run.exit;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(run.logs.map((l) => l.msg)).toContain('stopped');
  }, 120_000);

  it('restarts on the same data without a new key or new template versions, and keeps the data', async () => {
    const run = await npmStart(await freePort());
    expect(run.logs.some((l) => typeof l.apiKey === 'string')).toBe(false);
    expect(run.logs.find((l) => l.msg === 'templates loaded')).toMatchObject({ published: [] });
    const list = await gql(run.url, key, '{ complaints { totalCount } }');
    expect(list.data.complaints.totalCount).toBe(1);
    run.stop('SIGINT');
    expect((await run.exit).code).toBe(0);
  }, 120_000);

  it.each([
    { title: 'a port that is not a number', env: { PORT: 'abc' }, variable: 'PORT' },
    { title: 'an unknown database URL scheme', env: { DATABASE_URL: 'mysql://localhost/db' }, variable: 'DATABASE_URL' },
    { title: 'an unknown log level', env: { LOG_LEVEL: 'loud' }, variable: 'LOG_LEVEL' },
  ])('stops at start-up with one line naming the variable for $title (exit 1)', async ({ env, variable }) => {
    const child = spawn(process.execPath, ['dist/index.js'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
