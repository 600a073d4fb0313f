# syntax=docker/dockerfile:1
# mlgate GitHub App. Build: docker build -t mlgate .
# Run:   docker run -p 3000:3000 -e APP_ID -e PRIVATE_KEY -e WEBHOOK_SECRET mlgate

# Build the package exactly as `npm pack` publishes it (prepack compiles TypeScript).
FROM node:24-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json app.yml README.md LICENSE ./
COPY src ./src
COPY schema ./schema
RUN npm pack --pack-destination /tmp \
  && mkdir /app \
  && tar -xzf /tmp/mlgate-*.tgz -C /app --strip-components=1 \
  && cp package-lock.json /app/

# Install the packed package's runtime dependencies from the same lock: what test/package
# reproduces without a Docker engine.
FROM node:24-alpine
# tini forwards SIGTERM to node (PID 1 ignores signals it has no handler for).
RUN apk add --no-cache tini
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# Artifacts are spooled to the temp dir while reviewed; the app never writes anywhere else.
USER node
EXPOSE 3000
# Probot answers GET /ping with "PONG".
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/sbin/tini", "--"]
# node itself, no npm in between: SIGTERM reaches the server.
CMD ["node", "dist/app/server.js"]
