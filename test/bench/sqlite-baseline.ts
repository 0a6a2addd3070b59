/**
 * Raw write baseline, run as a child process of run.ts (so it has the machine to itself): one autocommitted
 * INSERT of a complaint-shaped row at a time, through the `sqlite3` module directly, WAL + synchronous=FULL,
 * for a fixed time. The rate is what one durable commit after another costs on this disk.
 *
 * Input: argv[2] is JSON {file, seconds, warmupSeconds}. Output: one IPC message (BaselineResult).
 */
import { SAMPLE_INTAKE } from './sample-data';
import { randomUUID } from 'node:crypto';
import sqlite3 = require('sqlite3');
import { procStatusKb, round, Samples, summarize, type Summary } from './stats';

export interface BaselineRequest {
  file: string;
  seconds: number;
  warmupSeconds: number;
}

export interface BaselineResult {
  rows: number;
  seconds: number;
  rowsPerSec: number;
  latency: Summary;
  journalMode: string;
  synchronous: number;
  sqliteVersion: string;
  peakRssKb: number | null;
}

const DATA = JSON.stringify(SAMPLE_INTAKE);

const exec = (db: sqlite3.Database, sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
const get = <T>(db: sqlite3.Database, sql: string) => new Promise<T>((resolve, reject) => db.get(sql, (err: Error | null, row: T) => (err ? reject(err) : resolve(row))));
const runStatement = (stmt: sqlite3.Statement, params: unknown[]) => new Promise<void>((resolve, reject) => stmt.run(params, (err: Error | null) => (err ? reject(err) : resolve())));
const closeDb = (db: sqlite3.Database) => new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as BaselineRequest;
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(request.file, (err) => (err ? reject(err) : resolve(opened)));
  });
  await exec(db, 'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
  const { journal_mode: journalMode } = await get<{ journal_mode: string }>(db, 'PRAGMA journal_mode');
  const { synchronous } = await get<{ synchronous: number }>(db, 'PRAGMA synchronous');
  const { v: sqliteVersion } = await get<{ v: string }>(db, 'select sqlite_version() as v');
  await exec(
    db,
    `create table complaint (
       id text primary key,
       tenant_id text not null,
       number text not null,
       data json not null,
       created_at text not null,
       unique (tenant_id, number)
     )`,
  );
  const stmt = db.prepare('insert into complaint (id, tenant_id, number, data, created_at) values (?, ?, ?, ?, ?)');
  const tenantId = randomUUID();
  let seq = 0;
  const insert = () => runStatement(stmt, [randomUUID(), tenantId, `CC-2026-${String(++seq).padStart(6, '0')}`, DATA, new Date().toISOString()]);

  const warmupEnd = performance.now() + request.warmupSeconds * 1000;
  while (performance.now() < warmupEnd) await insert();

  const samples = new Samples();
  const started = performance.now();
  const deadline = started + request.seconds * 1000;
  for (;;) {
    const t0 = performance.now();
    if (t0 >= deadline) break;
    await insert();
    samples.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  await new Promise<void>((resolve, reject) => stmt.finalize((err) => (err ? reject(err) : resolve())));
  await closeDb(db);

  const result: BaselineResult = {
    rows: samples.length,
    seconds: round(seconds, 3),
    rowsPerSec: round(samples.length / seconds, 1),
    latency: summarize(samples.values()),
    journalMode,
    synchronous,
    sqliteVersion,
    peakRssKb: procStatusKb('self', 'VmHWM'),
  };
  await new Promise<void>((resolve, reject) => process.send!(result, (err: Error | null) => (err ? reject(err) : resolve())));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`sqlite baseline failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
