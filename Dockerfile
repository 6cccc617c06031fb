# drec container image. Untested on the development machines (no Docker engine there); kept minimal.
# It uses an external MongoDB (DREC_MONGODB_URI); the embedded database needs Go and is not built here.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && (npm run build:web --if-present) && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DREC_LOG_FORMAT=json
COPY --from=build /app /app
EXPOSE 5443
RUN mkdir -p /app/certs /app/data && chown node /app/certs /app/data
USER node
ENTRYPOINT ["node", "--max-old-space-size=192", "dist/src/cli.js"]
