# bot-auto-order: the shop bot, its HTTP server (Telegram and Pakasir webhooks, /health).
# Build: docker build -t bot-auto-order .   Run: see compose.yml and the README's "Deploy" section.
# tests/deploy/image.test.ts replays these steps in a temporary folder: keep COPY and RUN
# paths relative to WORKDIR (or under it) so the replay can follow them.

# --- dependencies: production packages only, from the lockfile ------------------
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-fund --no-audit

# --- runtime --------------------------------------------------------------------
FROM node:24-slim
# DATA_DIR (.data) and LOG_DIR (logs) keep their defaults, relative to /app: the volumes below.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
# A small young generation, and large buffers given back to the system when freed, keep RSS
# near what is live under load (README, "bench:memory").
ENV NODE_OPTIONS=--max-semi-space-size=4 MALLOC_MMAP_THRESHOLD_=65536 MALLOC_TRIM_THRESHOLD_=65536
WORKDIR /app
# Code stays owned by root (the app cannot rewrite itself); only its data folders are writable.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY src ./src
COPY migrations ./migrations
COPY examples ./examples
# uid/gid 1000 is the image's own `node` user; numeric so runAsNonRoot-style checks can verify it.
RUN mkdir -p logs backups/local backups/offsite .data && chown -R 1000:1000 logs backups .data
USER 1000:1000
VOLUME ["/app/logs", "/app/backups", "/app/.data"]
EXPOSE 8080
# Unhealthy when /health is not 200 (the database does not answer, or the server is down).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# Exec form: Node is PID 1 and receives SIGTERM itself; the pinned Node 24 from the lockfile runs the app.
STOPSIGNAL SIGTERM
CMD ["/app/node_modules/.bin/node", "src/main.ts"]
