# One image for the api, worker and migrate services (the command picks the role).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY schemas/package.json schemas/
COPY shared/package.json shared/
COPY workers/package.json workers/
COPY api/package.json api/
COPY scripts/package.json scripts/
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
CMD ["node", "scripts/bin/narmon.mjs", "serve"]
