#!/usr/bin/env node
/**
 * The runtime's command line: `migrate`, `seed`, `serve`, and `start` (migrate, seed a fresh database, serve).
 * Only starts things; everything it runs lives in the modules it imports.
 */
import { buildApp } from './app';
import { loadConfig } from './config';
import { migrate, openDatabase } from './db/database';
import { seedDemo } from './seed/demo';
import { renderErrorsDoc } from './errors/docs';
import { startWorker } from './worker';
import { IMPORT_USAGE, runLicenceImportCommand } from './domains/licences/command';
import { ARCHIVE_IMPORT_USAGE, runArchiveImportCommand } from './domains/archive/command';
import { parseImportArguments, type ImportArguments } from './imports/command';
import type { Database } from './db/database';

const usage = `tongban <command>

commands:
  start     migrate, seed the database if it is empty, and serve (what \`pnpm start\` runs)
  serve     serve the API on HOST:PORT (default 127.0.0.1:3000)
  migrate   apply pending database migrations
  seed      load the example catalogue and the demo users (idempotent)
  errors-doc  print docs/errors.md from the error catalogue
  import-licences <file> [--format jsonl|csv] [--rejects file]   import licence records, resumably (docs/licences.md)
  import-archive <file> [--format jsonl|csv] [--rejects file]    import archived cases (历史办件), resumably (docs/operations.md)

environment:
  DATABASE_URL       PostgreSQL connection string; without it the embedded PGlite database is used
  TONGBAN_DATA_DIR   data folder of the embedded database and uploaded files (default runtime/.data)
  HOST, PORT         where to listen
`;

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  const config = loadConfig();
  const open = () => openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir });
  switch (command) {
    case 'migrate': {
      const database = open();
      try {
        const applied = await migrate(database.knex);
        console.log(applied.length > 0 ? `applied ${applied.join(', ')}` : 'the database is up to date');
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'seed': {
      const database = open();
      try {
        await migrate(database.knex);
        const report = await seedDemo(database);
        console.log(`seeded ${JSON.stringify(report)}`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'import-licences':
    case 'import-archive': {
      const [usage, run] = command === 'import-licences'
        ? [IMPORT_USAGE, runLicenceImportCommand] as const
        : [ARCHIVE_IMPORT_USAGE, runArchiveImportCommand] as const;
      let args: ImportArguments;
      try {
        args = parseImportArguments(argv.slice(1));
      } catch (error) {
        console.error(`${(error as Error).message}\n\n${usage}`);
        return 2;
      }
      const database: Database = open();
      try {
        await migrate(database.knex);
        await run(database, args);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'errors-doc':
      process.stdout.write(renderErrorsDoc());
      return 0;
    case 'serve':
    case 'start': {
      const database = open();
      const applied = await migrate(database.knex);
      if (applied.length > 0) console.log(`migrated the ${database.kind} database: ${applied.join(', ')}`);
      if (command === 'start') {
        const [{ count }] = (await database.knex('item').count<{ count: string | number }[]>({ count: '*' })) as [{ count: string | number }];
        if (Number(count) === 0) {
          console.log('seeding the example catalogue and demo users …');
          const report = await seedDemo(database);
          console.log(`seeded ${report.items} items, ${report.departments} departments, ${report.licenceTypes} licence types, ${report.users} demo users, ${report.licences} demo licences`);
        }
      }
      const app = await buildApp({ config, database });
      const stopWorker = startWorker(app, Number(process.env.TONGBAN_WORKER_INTERVAL_MS ?? 1000));
      app.addHook('onClose', async () => {
        await stopWorker();
        await database.close();
      });
      const shutdown = async (signal: string) => {
        app.log.info({ signal }, 'shutting down');
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      await app.listen({ host: config.host, port: config.port });
      const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
      console.log(`\nTongban is running on the ${database.kind === 'embedded' ? `embedded database (${database.location})` : 'PostgreSQL database'}\n  ${url}/\n  ${url}/api/v1/health\n  ${url}/api/docs\n`);
      return -1;
    }
    default:
      console.log(usage);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
