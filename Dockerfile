# drec container image: drec alone, pointed at a MongoDB by DREC_MONGODB_URI (the embedded database
# needs Go and is not built here). Smoke-tested by `npm run test:image` (see README "Docker").
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:web && npm prune --omit=dev

# Only what runs: compiled server, production dependencies, the built dashboard, the default config.
FROM node:24-bookworm-slim
WORKDIR /app
# The ingest token drec generates (when DREC_INGEST_TOKENS is unset) lives in /var/lib/drec.
ENV NODE_ENV=production DREC_LOG_FORMAT=json DREC_MONGODB_EMBEDDED_DIR=/var/lib/drec
COPY --from=build /app/package.json /app/config.yml ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist/src dist/src
COPY --from=build /app/web/package.json web/
COPY --from=build /app/web/dist web/dist
RUN mkdir -p /app/certs /var/lib/drec && chown node:node /app/certs /var/lib/drec
USER node
EXPOSE 5443
ENTRYPOINT ["node", "--max-old-space-size=640", "--max-semi-space-size=4", "dist/src/cli.js"]
