/**
 * What visibility costs a complaint list: `npm run build && npx tsc -p test/bench/tsconfig.json && node
 * dist-bench/test/bench/visibility.js [complaints] [seconds]` (defaults 100000 and 10).
 *
 * The built server (dist/index.js) runs on a durable SQLite file (WAL, synchronous=FULL) with the shipped
 * templates, whose organization template limits engineers to their departments. One complaint is recorded
 * over GraphQL, then copied `complaints` times by SQL into 9 departments (ids, numbers, times and departments
 * vary; everything else is the real row, and so for its statistics fact), with every 50th copy owned by the
 * measured engineer elsewhere.
 * Measured over HTTP with variables (autocannon, 4 connections, every response checked): the first page of
 * `complaints(first: 20)` with its totalCount and without it, and `complaint(id)`, for the admin (sees all: the baseline, the
 * same run) and for a production engineer (their department's subtree plus what they own: the filter in SQL).
 * Not part of `npm run bench`; the figures are in the README's Permissions and visibility section.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 = require('sqlite3');
import { runPhase, type PhaseResult } from './load';
import { SAMPLE_INTAKE } from './sample-data';
import { startServer } from './server';
import { procStatusKb, round } from './stats';

const ROOT = join(__dirname, '../../..');
const KEY = 'bench-admin-key-000000000000000000';
const PASSWORD = 'bench password 0123456789';
const DEPARTMENTS = ['management', 'plant', 'hr', 'customer-service', 'quality', 'rd', 'production', 'sqe', 'logistics'];

async function graphql<T>(origin: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(JSON.stringify(body));
  return body.data;
}

const run = (db: sqlite3.Database, sql: string, params: unknown[] = []) => new Promise<void>((res, rej) => db.run(sql, params, (err) => (err ? rej(err) : res())));
const all = <T>(db: sqlite3.Database, sql: string, params: unknown[] = []) => new Promise<T[]>((res, rej) => db.all(sql, params, (err, rows) => (err ? rej(err) : res(rows as T[]))));

/** Copies the one complaint `count` times, in one transaction: new id, number, department, owner and times. */
async function copyComplaints(file: string, count: number, engineerId: string): Promise<number> {
  const db = new sqlite3.Database(file);
  const columns = (await all<{ name: string }>(db, 'pragma table_info(complaint)')).map((c) => c.name);
  const departments = `case i % ${DEPARTMENTS.length} ${DEPARTMENTS.map((d, k) => `when ${k} then '${d}'`).join(' ')} end`;
  const override: Record<string, string> = {
    id: "printf('%08x-0000-4000-8000-%012x', i, i)",
    number: "'B-' || i",
    department: departments,
    // Every 50th, in another department, is the engineer's own: visible through owner_id.
    owner_id: `case when i % 50 = 0 then '${engineerId}' else null end`,
    created_at: 'created_at - i * 60000',
    updated_at: 'updated_at - i * 60000',
  };
  const select = columns.map((c) => override[c] ?? c).join(', ');
  // Their statistics facts too (the summary triggers fire), or the restart would backfill them one by one.
  const factColumns = (await all<{ name: string }>(db, 'pragma table_info(complaint_fact)')).map((c) => c.name);
  const factSelect = factColumns.map((c) => (c === 'complaint_id' ? override.id : c === 'department' ? departments : c)).join(', ');
  const copies = (table: string, list: string[], values: string) =>
    run(db, `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?) insert into ${table} (${list.join(', ')}) select ${values} from n, (select * from ${table} limit 1)`, [count]);
  const started = Date.now();
  await run(db, 'begin');
  await copies('complaint', columns, select);
  await copies('complaint_fact', factColumns, factSelect);
  await run(db, 'commit');
  await run(db, 'analyze');
  await new Promise<void>((res) => db.close(() => res()));
  return (Date.now() - started) / 1000;
}

async function main(): Promise<void> {
  const complaints = Number(process.argv[2] ?? 100_000);
  const seconds = Number(process.argv[3] ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'cqms-visibility-'));
  const dbFile = join(dir, 'bench.db');
  try {
    let server = await startServer({ root: ROOT, dbFile, apiKey: KEY });
    const created = await graphql<{ createUser: { id: string } }>(server.origin, KEY, 'mutation($input: CreateUserInput!) { createUser(input: $input) { ... on User { id } ... on ErrorResult { code message } } }', {
      input: { username: 'bench.engineer', displayName: 'Bench Engineer', password: PASSWORD, roles: ['production-engineer'], departments: ['production'], level: 'engineer' },
    });
    const engineerId = `user:${Buffer.from(created.createUser.id, 'base64url').toString().split(':')[1]}`;
    await graphql(server.origin, KEY, 'mutation($input: CreateComplaintInput!) { createComplaint(input: $input) { __typename } }', { input: { typeKey: 'product-quality', data: SAMPLE_INTAKE } });
    await server.stop();
    const copySeconds = await copyComplaints(dbFile, complaints, engineerId);
    const restarted = Date.now();
    server = await startServer({ root: ROOT, dbFile, apiKey: KEY });
    const restartSeconds = (Date.now() - restarted) / 1000;
    const login = await fetch(`${server.origin}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench.engineer', password: PASSWORD }) });
    const engineer = ((await login.json()) as { accessToken: string }).accessToken;

    const list = 'query($first: Int!) { complaints(first: $first) { totalCount edges { node { id number department } } } }';
    const count = async (token: string) => (await graphql<{ complaints: { totalCount: number } }>(server.origin, token, list, { first: 1 })).complaints.totalCount;
    const [allCount, engineerCount] = [await count(KEY), await count(engineer)];
    const ids = (await graphql<{ complaints: { edges: Array<{ node: { id: string; department: string } }> } }>(server.origin, engineer, list, { first: 20 })).complaints.edges.map((e) => e.node.id);
    const url = `${server.origin}/graphql`;
    const phases: PhaseResult[] = [];
    for (const [who, token, expected] of [['admin (sees all: baseline)', KEY, allCount], ['production engineer (department + own)', engineer, engineerCount]] as const) {
      phases.push(
        await runPhase({
          name: `complaints(first: 20) + totalCount, ${who}`,
          url,
          apiKey: token,
          connections: 4,
          seconds,
          serverPid: server.pid,
          body: () => ({ query: list, variables: { first: 20 } }),
          check: (json) => ((json as { data?: { complaints?: { totalCount: number; edges: unknown[] } } }).data?.complaints?.totalCount === expected ? null : JSON.stringify(json).slice(0, 200)),
        }),
      );
    }
    // The same page without totalCount: counted only when selected, so this is the page walk alone.
    const pageOnly = 'query($first: Int!) { complaints(first: $first) { edges { node { id number department } } pageInfo { hasNextPage } } }';
    for (const [who, token] of [['admin (sees all: baseline)', KEY], ['production engineer (department + own)', engineer]] as const) {
      phases.push(
        await runPhase({
          name: `complaints(first: 20) without totalCount, ${who}`,
          url,
          apiKey: token,
          connections: 4,
          seconds,
          serverPid: server.pid,
          body: () => ({ query: pageOnly, variables: { first: 20 } }),
          check: (json) => ((json as { data?: { complaints?: { edges: unknown[] } } }).data?.complaints?.edges.length === 20 ? null : JSON.stringify(json).slice(0, 200)),
        }),
      );
    }
    let i = 0;
    for (const [who, token] of [['admin (sees all: baseline)', KEY], ['production engineer (department + own)', engineer]] as const) {
      phases.push(
        await runPhase({
          name: `complaint(id), ${who}`,
          url,
          apiKey: token,
          connections: 4,
          seconds,
          serverPid: server.pid,
          body: () => ({ query: 'query($id: ID!) { complaint(id: $id) { id number } }', variables: { id: ids[i++ % ids.length] } }),
          check: (json) => ((json as { data?: { complaint?: { id: string } } }).data?.complaint?.id ? null : JSON.stringify(json).slice(0, 200)),
        }),
      );
    }
    const peakRssKb = procStatusKb(server.pid, 'VmHWM');
    await server.stop();
    console.log(`visibility bench: ${complaints.toLocaleString('en')} complaints and their facts copied in ${round(copySeconds, 1)} s (restart ${round(restartSeconds, 1)} s); the admin sees ${allCount.toLocaleString('en')}, the engineer ${engineerCount.toLocaleString('en')}`);
    console.log('| phase | req/s | p50 ms | p90 ms | p99 ms | errors | server CPU % |');
    console.log('|---|---|---|---|---|---|---|');
    for (const p of phases) console.log(`| ${p.name} | ${round(p.rps, 0)} | ${round(p.latency.p50Ms, 1)} | ${round(p.latency.p90Ms, 1)} | ${round(p.latency.p99Ms, 1)} | ${p.errors.total} | ${p.serverCpuPct ?? '-'} |`);
    console.log(`server peak RSS ${peakRssKb === null ? '-' : `${round(peakRssKb / 1024, 0)} MiB`}`);
    const failed = phases.filter((p) => p.errors.total > 0);
    for (const p of failed) console.error(`${p.name}: ${JSON.stringify(p.errors)}`);
    process.exitCode = failed.length ? 1 : 0;
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${dbFile}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
