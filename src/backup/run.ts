// `npm run backup -- <command>`: see src/backup/cli.ts.
import { runCli } from '../infra/cli.ts';
import { main } from './cli.ts';

await runCli({ name: 'backup' }, ({ config, logger, args }) => main(args, { config, logger }));
