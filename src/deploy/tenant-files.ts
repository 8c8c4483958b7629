/** The small files of a tenant folder besides bot.env and compose.yml. */

export interface TenantFacts {
  name: string;
  httpPort: number;
  dbPort: number;
  database: string;
  dbUser: string;
}

/** Starts the tenant in the background; refuses while bot.env still has placeholders. */
export function runScript(t: TenantFacts): string {
  return `#!/bin/sh
# Starts ${t.name}: the bot and its PostgreSQL, in the background (docker compose up -d).
set -eu
cd "$(dirname "$0")"

missing=$(sed -n 's/^\\([A-Z][A-Z0-9_]*\\)=CHANGE_ME$/\\1/p' bot.env)
if [ -n "$missing" ]; then
  echo "bot.env still has placeholders to fill in first:" >&2
  echo "$missing" | sed 's/^/  /' >&2
  exit 2
fi

# Ports come from bot.env (compose reads the same lines through --env-file).
http_port=$(sed -n 's/^BOT_HTTP_PORT=//p' bot.env)
db_port=$(sed -n 's/^POSTGRES_HOST_PORT=//p' bot.env)

if docker compose version >/dev/null 2>&1; then
  compose="docker compose"
else
  compose="docker-compose"
fi
$compose --project-name ${t.name} --env-file bot.env up -d --build "$@"

echo "${t.name} is starting."
echo "  health:   curl http://127.0.0.1:\${http_port}/health"
echo "  database: 127.0.0.1:\${db_port} (localhost only)"
echo "  logs:     $compose --project-name ${t.name} logs -f bot   (files in ./logs)"
`;
}

/** What the seller does next, with this tenant's own names and ports. */
export function tenantReadme(t: TenantFacts): string {
  const compose = `docker compose --project-name ${t.name} --env-file bot.env`;
  return `# ${t.name}

This folder runs one shop: the bot and its own PostgreSQL (database \`${t.database}\`),
with Docker Compose. \`bot.env\` holds every setting; the secrets in it were generated
for this tenant (webhook secrets, encryption key, database password). Keep \`bot.env\`
private and back it up: without \`DATA_ENCRYPTION_KEY\` the stock stored in the
database cannot be read.

## Next steps

1. Fill in every \`CHANGE_ME\` in \`bot.env\`:
   - \`TELEGRAM_BOT_TOKEN\`: create the bot with @BotFather;
   - \`TELEGRAM_ADMIN_IDS\`: your Telegram user id (comma-separated for several admins);
   - \`PAKASIR_PROJECT_SLUG\` and \`PAKASIR_API_KEY\`: from the Pakasir dashboard;
   - \`PAKASIR_PUBLIC_DOMAIN\`: the public https address of this server, e.g.
     \`https://shop.example.com\`, served by a reverse proxy (Caddy, nginx) that forwards
     to \`127.0.0.1:${t.httpPort}\`.
2. In the Pakasir dashboard set the webhook URL to \`<PAKASIR_PUBLIC_DOMAIN>/webhooks/pakasir\`
   and its secret to \`PAKASIR_WEBHOOK_SECRET\` from \`bot.env\` (if Pakasir shows a
   secret of its own for the project, put that one in \`bot.env\` instead).
3. Start it: \`./run.sh\` (builds the image, then \`docker compose up -d\`). It refuses
   to start while a placeholder is left.
4. Check it: \`curl http://127.0.0.1:${t.httpPort}/health\` answers \`{"status":"ok",...}\`,
   and \`${compose} ps\` shows both services healthy.
5. Load your products:
   \`${compose} exec bot /app/node_modules/.bin/node src/shop/catalog-import-cli.ts examples/catalog.json\`
   (put your own file in \`backups/local/\`, which the container sees as \`/app/backups/local/\`).

## Day to day

| what | command |
| --- | --- |
| logs | \`${compose} logs -f bot\`, or the daily files in \`logs/\` |
| stop | \`${compose} down\` (data stays in the volumes) |
| update | pull the new code in the repository, then \`./run.sh\` again |
| database backup | \`${compose} exec -T postgres pg_dump -U ${t.dbUser} ${t.database} \\| gzip > backups/local/${t.database}-$(date +%F).sql.gz\` |
| psql | \`psql -h 127.0.0.1 -p ${t.dbPort} -U ${t.dbUser} ${t.database}\` (password: \`POSTGRES_PASSWORD\` in \`bot.env\`) |

\`backups/local/\` keeps dumps on this machine; \`backups/offsite/\` is for the copies you
ship elsewhere (another machine, a bucket), together with \`bot.env\`: sync it regularly.

Refresh this folder after an upgrade with \`npm run provision -- <store> <gateway> --force\`:
new files and new variables arrive, every value already in \`bot.env\` is kept (the
previous file is saved as \`bot.env.previous\`).
`;
}
