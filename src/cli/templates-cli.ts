import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import pino from 'pino';
import { Tenant } from '../db/tenant.entity';
import { loadConfig } from '../config/config';
import { Database } from '../db/database';
import { appEntities } from '../entities';
import { SYSTEM_ACTOR } from '../db/event-log';
import type { Context } from '../shared/request-context';
import { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import { TemplateAdminService } from '../templates/template-admin.service';
import { BreakingChangeUnconfirmed, ImportedTemplates } from '../templates/template-admin.types';
import { diffTemplates } from '../templates/template-diff';
import { loadTemplateDirectory, readTemplateFile, registerMetaSchemas, TemplateError } from '../templates/template-files';
import { TemplateService } from '../templates/template.service';

export const USAGE = `Usage: npm run templates -- <command>
  validate [dir]                      check a template directory offline (default: TEMPLATES_DIR or ./templates)
  diff <old.json> <new.json>          changes between two template files, breaking ones marked
  types <complaint-type.json> [--out file.ts]
                                      TypeScript types of a complaint type's intake data, for integrators
  export [--out bundle.json] [--tenant slug]
                                      the latest version of every template of a tenant (DATABASE_URL)
  import <bundle.json> [--tenant slug] [--confirm-breaking --reason "why"]
                                      check a bundle as a set and publish what changed, or nothing;
                                      breaking changes need --confirm-breaking with a reason`;

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
}

/** The intake schema as json-schema-to-typescript should see it: English labels as doc comments, not type names. */
function forTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forTypes);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const en = (v: unknown) => (v as { en?: string } | undefined)?.en;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'title' || key.startsWith('x-')) continue;
    out[key] = ['enum', 'const', 'default', 'examples'].includes(key) ? value : forTypes(value);
  }
  const doc = [en((node as Record<string, unknown>)['x-title']), en((node as Record<string, unknown>)['x-description'])].filter(Boolean).join(': ');
  if (doc) out.description = doc;
  return out;
}

/** Runs one command; returns the exit code. */
export async function runTemplatesCli(argv: string[], io: Io): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    io.err(`invalid ${error.message}`);
    return 1;
  }
}

async function runCommand(argv: string[], io: Io): Promise<number> {
  // Any size (a bundle of many templates), but the depth and strings a GraphQL input may have.
  const readJson = (file: string, maxDepth?: number) => readTemplateFile(resolve(file), { maxDepth, maxBytes: Infinity });
  const args = [...argv];
  const command = args.shift();
  const schemas = new SchemaCompiler();
  registerMetaSchemas(schemas);
  switch (command) {
    case 'validate': {
      const dir = resolve(args[0] ?? io.env.TEMPLATES_DIR ?? 'templates');
      const loaded = await loadTemplateDirectory(schemas, dir);
      for (const t of loaded) {
        io.out(`ok      ${t.kind}/${t.key}  (${t.file})`);
        for (const w of t.warnings) io.out(`warning ${t.file} ${w.path} ${w.code}: ${w.message}`);
      }
      io.out(`${loaded.length} templates valid`);
      return 0;
    }
    case 'diff': {
      if (args.length !== 2) break;
      const changes = diffTemplates(await readJson(args[0]), await readJson(args[1]));
      for (const c of changes) {
        const values = [c.before !== undefined ? `before ${JSON.stringify(c.before)}` : '', c.after !== undefined ? `after ${JSON.stringify(c.after)}` : ''].filter(Boolean).join(', ');
        io.out(`${c.breaking ? 'BREAKING  ' : 'compatible'} ${c.op.padEnd(7)} ${c.path || '/'}  ${values}${c.reason ? `  (${c.reason})` : ''}`);
      }
      io.out(`${changes.length} changes, ${changes.some((c) => c.breaking) ? 'BREAKING' : 'compatible'}`);
      return 0;
    }
    case 'types': {
      const out = option(args, '--out');
      if (args.length !== 1) break;
      const template = await readJson(args[0]);
      if (template.kind !== 'complaint-type') {
        io.err(`${args[0]} is not a complaint-type template`);
        return 1;
      }
      // json-schema-to-typescript is a development tool: loaded only for this command.
      const { compile } = await import('json-schema-to-typescript');
      const name = `${String(template.key).replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}ComplaintData`;
      const schema = { ...(forTypes(template.intakeSchema) as object), title: name };
      const ts = await compile(schema as never, name, {
        bannerComment: `/* Types of the "${String(template.key)}" complaint data. Generated by \`npm run templates -- types\`; do not edit. */`,
        additionalProperties: false,
        unknownAny: true,
      });
      if (out) await writeFile(resolve(out), ts);
      else io.out(ts.trimEnd());
      return 0;
    }
    case 'export':
    case 'import': {
      const tenantSlug = option(args, '--tenant');
      const out = option(args, '--out');
      const reason = option(args, '--reason');
      const confirmAt = args.indexOf('--confirm-breaking');
      if (confirmAt !== -1) args.splice(confirmAt, 1);
      if (command === 'import' && args.length !== 1) break;
      const config = loadConfig(io.env);
      if (command === 'import' && config.templatesMode === 'files') {
        io.err('TEMPLATES_MANAGED_AS_FILES: templates are managed as files in this deployment (TEMPLATES_MODE=files): change the files in TEMPLATES_DIR and restart the server');
        return 1;
      }
      const db = await Database.connect(config.database, appEntities);
      try {
        if (await db.pendingMigrations()) {
          io.err('the database has pending migrations: start the server once (npm start) to apply them');
          return 1;
        }
        const slug = tenantSlug ?? config.defaultTenant;
        // tenant-scope: reviewed — CLI: the tenant named on the command line, by slug
        const tenant = await db.system().findOne(Tenant, { slug });
        if (!tenant) {
          io.err(`no tenant ${JSON.stringify(slug)}`);
          return 1;
        }
        const templates = new TemplateService(db, schemas);
        const admin = new TemplateAdminService(db, schemas, templates);
        const ctx = {
          tenant: { id: tenant.id, slug: tenant.slug },
          principal: { id: 'cli', name: `${SYSTEM_ACTOR.name} (templates CLI)`, roles: ['admin'] },
          em: db.forTenant(tenant.id),
          locale: 'en',
          requestId: 'cli',
          log: pino({ level: 'silent' }),
        } as unknown as Context;
        if (command === 'export') {
          const bundle = `${JSON.stringify(await admin.exportBundle(ctx), null, 2)}\n`;
          if (out) await writeFile(resolve(out), bundle);
          else io.out(bundle.trimEnd());
          return 0;
        }
        const result = await admin.importBundle(ctx, await readJson(args[0], config.limits.jsonDepth), { confirmBreaking: confirmAt !== -1, reason });
        if (!(result instanceof ImportedTemplates)) {
          if (result instanceof BreakingChangeUnconfirmed) for (const c of result.changes) io.err(`breaking ${c.path} ${c.op}: ${c.reason}`);
          else if ('problems' in result) for (const p of result.problems) io.err(`${'severity' in p ? p.severity : 'error'} ${p.path} ${p.code}: ${p.message}`);
          io.err(`${result.code}: ${result.message}`);
          io.err('nothing imported');
          return 1;
        }
        for (const v of result.published) io.out(`published ${v.kind}/${v.key}@${v.version}`);
        io.out(`${result.published.length} published, ${result.unchanged} unchanged`);
        return 0;
      } finally {
        await db.close();
      }
    }
  }
  io.err(USAGE);
  return 2;
}
