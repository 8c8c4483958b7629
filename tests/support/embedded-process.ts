// Starts the embedded PostgreSQL on argv[2] in its own process (for tests that kill it); prints "READY <url>".
import { startEmbeddedPostgres } from '../../src/infra/embedded-postgres.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: embedded-process.ts <dataDir>');
const database = await startEmbeddedPostgres({ dataDir });
process.stdout.write(`READY ${database.url}\n`);
setInterval(() => {}, 60_000);
