// Runs the app in its own process (for tests that kill it); prints "READY <url>" once up.
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/infra/config.ts';
import { onSignals } from '../../src/infra/shutdown.ts';

const app = await startApp(loadConfig(process.env), { stdoutLogs: false });
// Handlers first: a SIGTERM sent the moment READY is read must find them in place.
onSignals(() => app.stop());
await app.updates.ready;
process.stdout.write(`READY ${app.url}\n`);
