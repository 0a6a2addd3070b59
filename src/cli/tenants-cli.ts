import { resolve } from 'node:path';
import pino from 'pino';
import { ApiKeyService } from '../auth/api-key.service';
import { loadConfig } from '../config/config';
import { Database } from '../db/database';
import { appEntities } from '../entities';
import { systemClock } from '../scheduler/clock';
import { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import { CLI_OPERATOR, TenantService } from '../tenants';
import { TemplateAdminService } from '../templates/template-admin.service';
import { loadTemplateDirectory, readTemplateFile, registerMetaSchemas, TemplateError } from '../templates/template-files';
import { TemplateService } from '../templates/template.service';
import type { Io } from './templates-cli';

export const USAGE = `Usage: npm run tenants -- <command>   (the database of DATABASE_URL)
  create --slug <slug> --name <name> [--from shipped|empty|<bundle.json>]
                                      creates a tenant (default: seeded from the shipped set, TEMPLATES_DIR)
                                      and prints its first admin API key, this once
  list                                every tenant: slug, state, seed source, name
  disable <slug> --reason <text>      its keys, sessions, subscriptions and webhooks stop (running servers:
                                      credentials within 30 s, webhooks before their next attempt)
  enable <slug>                       enables it again
  operator-key [--name <name>]        prints a new platform operator key, this once (GraphQL: tenants, createTenant,
                                      disableTenant, enableTenant)`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
}

/** Runs one command; returns the exit code (0 done, 1 refused, 2 usage). */
export async function runTenantsCli(argv: string[], io: Io): Promise<number> {
  const args = [...argv];
  const command = args.shift();
  if (!command || !['create', 'list', 'disable', 'enable', 'operator-key'].includes(command)) {
    io.err(USAGE);
    return 2;
  }
  const slug = option(args, '--slug');
  const name = option(args, '--name');
  const from = option(args, '--from');
  const reason = option(args, '--reason');
  const usage = () => {
    io.err(USAGE);
    return 2;
  };
  if (command === 'create' && (slug === undefined || name === undefined || args.length)) return usage();
  if ((command === 'disable' && (args.length !== 1 || reason === undefined)) || (command === 'enable' && args.length !== 1)) return usage();
  if ((command === 'list' || command === 'operator-key') && args.length) return usage();

  const config = loadConfig(io.env);
  const log = pino({ level: 'silent' });
  const schemas = new SchemaCompiler();
  registerMetaSchemas(schemas);
  let bundle: unknown;
  if (command === 'create' && from && !['shipped', 'empty'].includes(from)) {
    try {
      bundle = await readTemplateFile(resolve(from), { maxDepth: config.limits.jsonDepth, maxBytes: Infinity });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      io.err(`invalid ${error.message}`);
      return 1;
    }
  }
  const db = await Database.connect(config.database, appEntities);
  try {
    if (await db.pendingMigrations()) {
      io.err('the database has pending migrations: start the server once (npm start) to apply them');
      return 1;
    }
    const templates = new TemplateService(db, schemas);
    const apiKeys = new ApiKeyService(db, systemClock, templates);
    if (command === 'operator-key') {
      const key = await apiKeys.createOperatorKey(name ?? 'operator (CLI)');
      io.out(key);
      io.err('platform operator key created: it is shown only now, only its hash is stored. Send it as "Authorization: Bearer <key>".');
      return 0;
    }
    const shipped = command === 'create' && (from ?? 'shipped') === 'shipped' ? await loadTemplateDirectory(schemas, config.templatesDir) : [];
    const tenants = new TenantService(db, systemClock, templates, new TemplateAdminService(db, schemas, templates), shipped, log);
    switch (command) {
      case 'list': {
        for (const t of await tenants.list()) {
          const state = t.disabledAt ? `disabled ${t.disabledAt.toISOString()} (${t.disabledReason ?? ''})` : t.seededAt || !t.seedSource ? 'enabled' : 'unfinished';
          io.out(`${t.slug}\t${state}\t${t.seedSource ?? '-'}\t${t.name}`);
        }
        return 0;
      }
      case 'create': {
        const source = bundle !== undefined ? 'bundle' : ((from ?? 'shipped') as 'shipped' | 'empty');
        const result = await tenants.create(CLI_OPERATOR, { slug: slug!, name: name!, from: source, bundle });
        if (!('adminKey' in result)) {
          for (const p of result.problems) io.err(`${'severity' in p ? `${String(p.severity).toLowerCase()} ` : ''}${p.path} ${p.code}: ${p.message}`);
          io.err('nothing created');
          return 1;
        }
        io.out(result.adminKey);
        io.err(`tenant ${result.tenant.slug} created (${source}); its admin API key is shown only now, only its hash is stored.`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const result = command === 'disable' ? await tenants.disable(CLI_OPERATOR, args[0], reason!) : await tenants.enable(CLI_OPERATOR, args[0]);
        if ('problems' in result) {
          for (const p of result.problems) io.err(`${p.path} ${p.code}: ${p.message}`);
          return 1;
        }
        if ('code' in result) {
          io.err(`no tenant ${JSON.stringify(args[0])}`);
          return 1;
        }
        io.out(`${result.slug} ${result.disabledAt ? 'disabled' : 'enabled'}`);
        return 0;
      }
    }
    return usage();
  } finally {
    await db.close();
  }
}
