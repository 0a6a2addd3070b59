import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The build fails when code reaches the database past the tenant filter (raw SQL, the query builder, native
 * updates and deletes, the filter switched off, the system entity manager) unless the statement names the
 * tenant itself or carries `// tenant-scope: reviewed — <reason>` on its line or the line above.
 */
const ROOT = join(__dirname, '../../..');
const SRC = join(ROOT, 'src');

/** Ways past the ORM's tenant filter. */
const UNSCOPED_ACCESS = /\.execute\(|\.raw\(|createQueryBuilder\(|\.qb\(|getKnex\(|\.knex\b|nativeUpdate\(|nativeDelete\(|filters:\s*false|db\.system\(\)|\.system\(\)/;
/** The statement scopes by tenant itself: a tenant column in the SQL, or a tenant key in the query object. */
const NAMES_TENANT = /tenant_id\s*(=|in\b|IN\b)|\btenant(Id|Slug)?\s*:|\{[^}]*\btenant(Id)?\s*[,}]|^\s*tenant(Id)?\s*,/m;
/** A native update or delete in the tenant's write transaction, whose entity manager applies the tenant filter (MikroORM applies filters to native updates and deletes). */
const IN_TENANT_WRITE = /\.write\(\s*[\w.]*tenant[\w.]*\s*,[^]*\.native(Update|Delete)\(/i;
const MARKER = /tenant-scope: reviewed — \S.{3,}/;
/** Lines of the statement the check reads after the matching one (a call spread over a few lines). */
const STATEMENT_LINES = 6;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__generated__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Where the statement holding line i starts: back to the line after one that ends a statement or opens a block (not an object literal). */
function statementStart(lines: string[], i: number): number {
  let start = i;
  while (start > 0 && i - start < 2 * STATEMENT_LINES && !/;\s*$|(\)|=>|>|\w)\s*\{\s*$|^\s*$|\*\/\s*$|^\s*\/\/|^\s*\}\s*$/.test(lines[start - 1])) start--;
  return start;
}

/** The statement holding line i: from its start to the first line ending it (`;`), within STATEMENT_LINES after i. */
function statement(lines: string[], i: number): string {
  const out = lines.slice(statementStart(lines, i), i);
  for (let j = i; j < Math.min(lines.length, i + STATEMENT_LINES + 1); j++) {
    out.push(lines[j]);
    if (/;\s*(\/\/.*)?$/.test(lines[j])) break;
  }
  return out.join('\n');
}

/** Indexes of the lines that reach past the filter without naming the tenant or a review. */
function unscopedLines(lines: string[]): number[] {
  return lines.flatMap((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (!UNSCOPED_ACCESS.test(code) || /^\s*(\*|\/\*)/.test(line)) return [];
    // The marker on the line, or on the line above the statement holding it.
    if (MARKER.test(line) || MARKER.test(lines[i - 1] ?? '') || MARKER.test(lines[statementStart(lines, i) - 1] ?? '')) return [];
    const text = statement(lines, i);
    if (NAMES_TENANT.test(text)) return [];
    return IN_TENANT_WRITE.test(text) && !/filters:\s*false/.test(text) ? [] : [i];
  });
}

describe('tenant scope of database access', () => {
  it('finds every way past the tenant filter scoped by tenant or reviewed', () => {
    const found = sourceFiles(SRC).flatMap((file) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      return unscopedLines(lines).map((i) => `${relative(ROOT, file)}:${i + 1}: ${lines[i].trim()}`);
    });
    expect(found).toEqual([]);
  });

  it('recognises the patterns it guards against (so a refactor of the check cannot silently pass everything)', () => {
    const samples = [
      ['em.execute(`select * from complaint`);', false],
      ["em.execute('select * from complaint where tenant_id = ?', [t]);", true],
      ['em.getConnection().execute(`update x set y = 1 where tenant_id = ? and id = ?`, [t, id]);', true],
      ['await em.nativeDelete(Complaint, { id });', false],
      ['await em.nativeDelete(Complaint, { tenant: tenantId, id });', true],
      ['em.find(ApiKey, {}, { filters: false });', false],
      ['db.write(ctx.tenant.id, ({ em }) => em.nativeUpdate(Notification, { id }, { readAt }));', true],
      ['db.write(tenantId, ({ em }) => em.nativeUpdate(Timer, { id }, { dueAt }, { filters: false }));', false],
      ['const em = this.db.system();', false],
      ['knex.raw(sql)', false],
      ['em.createQueryBuilder(Complaint).where({ tenantId })', true],
      ['// tenant-scope: reviewed — the lease table has no tenant\nem.execute(`update lease set owner = ?`);', true],
      ['// tenant-scope: reviewed — sweeps all tenants\nconst due = await db.system().find(\n  Timer,\n  { dueAt },\n  { filters: false },\n);', true],
      ['const a = 1;\nconst due = await em.find(\n  Timer,\n  { tenantId, dueAt },\n  { filters: false },\n);', true],
      ['// tenant-scope: reviewed — not this one\nconst a = 1;\nem.execute(`delete from timer`);', false],
    ] as const;
    for (const [text, ok] of samples) expect(unscopedLines(text.split('\n')).length === 0, text).toBe(ok);
  });
});
