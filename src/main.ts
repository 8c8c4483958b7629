import { startApp } from './app.ts';
import { loadConfig, loadDotEnv } from './infra/config.ts';
import { exitOnConfigError } from './infra/fatal.ts';
import { onSignals } from './infra/shutdown.ts';

loadDotEnv();
const config = exitOnConfigError(loadConfig);
const app = await startApp(config);
onSignals(async (signal) => {
  app.logger.info({ signal }, 'shutting down');
  await app.stop();
});
