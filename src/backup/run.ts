// `npm run backup -- <command>`: loads .env and the configuration, runs the command, exits with its code.
import { loadConfig, loadDotEnv } from '../infra/config.ts';
import { exitOnConfigError } from '../infra/fatal.ts';
import { main } from './cli.ts';

loadDotEnv();
const config = exitOnConfigError(loadConfig);
const code = await main(process.argv.slice(2), { config });
// Let piped output drain before the exit.
await Promise.all([process.stdout, process.stderr].map((out) => new Promise((done) => out.write('', done))));
process.exit(code);
