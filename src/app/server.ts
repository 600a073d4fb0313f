#!/usr/bin/env node
/*
 * The app's server as a plain Node entry: `node dist/app/server.js`, what `npm start` and the
 * container run, with no npm or probot CLI in between, so signals reach this process. It is the
 * mlgate service: a verified, deduplicated webhook intake in front of a durable job queue (see
 * `src/service/main.ts`); without credentials it serves the registration flow from app.yml.
 */
import "../service/main.js";
