import 'reflect-metadata';
import { ConfigError } from '../config/config';
import { runTenantsCli } from './tenants-cli';

runTenantsCli(process.argv.slice(2), { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`), env: process.env })
  .then((code) => process.exit(code))
  .catch((error) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
    process.exit(1);
  });
