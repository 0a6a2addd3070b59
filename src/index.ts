import { startApp } from './app';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './server/logger';
import { TemplateError } from './templates/template-files';

/** The only module with side effects at import: config -> app -> signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  let app;
  try {
    app = await startApp(config, log);
  } catch (error) {
    if (error instanceof TemplateError) log.fatal(`invalid template: ${error.message}`);
    else log.fatal({ err: error }, 'start-up failed');
    process.exit(1);
  }
  log.info(
    { url: app.url, database: config.database.kind, graphiql: config.graphiql },
    `complaint API listening on ${app.url}${config.graphiql ? ' (GraphiQL: open it in a browser)' : ''}; authenticate with "Authorization: Bearer <API key>"`,
  );

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 2_000);
    force.unref();
    app
      .stop()
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((error) => {
        log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();
