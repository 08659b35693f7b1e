# kura: runs its TypeScript directly on Node 24 (type stripping), so there is no build stage.
FROM node:24-slim

# NODE_COMPILE_CACHE: kura's modules compiled and their TypeScript stripped at build time (below), so
# kura never loads Node's TypeScript stripper (~20 MB it would keep). The folder scripts/launch.cjs uses.
ENV NODE_ENV=production \
    NODE_COMPILE_CACHE=/app/node_modules/.cache/kura-compile
WORKDIR /app

# Dependencies first, so source edits reuse this layer.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY src ./src
COPY kura.example.yaml ./

# Once per set of Node flags kura runs with (none, and the worker's: scripts/launch.cjs KURA_NODE_FLAGS;
# the cache keeps a folder per set of V8 flags). Owned by `node`: a module missing is added at run time.
COPY scripts/warm-compile-cache.ts ./scripts/
RUN node scripts/warm-compile-cache.ts \
  && node --optimize-for-size scripts/warm-compile-cache.ts \
  && chown -R node:node node_modules/.cache

# The demo emulator writes its certificates here; a fresh named volume copies this ownership.
RUN mkdir -p /certs && chown node:node /certs

# Never root: the official image's unprivileged `node` user (uid 1000).
USER node
EXPOSE 3000

# Asks kura's HTTP server (KURA_HTTP_PORT) for /healthz; node:24-slim has no curl, so node does it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.KURA_HTTP_PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# kura stops on SIGTERM within KURA_SHUTDOWN_GRACE_SECONDS (running steps end at a checkpoint).
STOPSIGNAL SIGTERM

# `all` runs every role in one process. `node --optimize-for-size src/main.ts worker` runs only the
# workers, with the worker's Node flag (scripts/launch.cjs KURA_NODE_FLAGS): V8's heap stays small, a
# worker idles at ~115 MB instead of ~170 MB. Not for the bot: it slows Slack's ack under a burst.
CMD ["node", "src/main.ts"]
