import { createApp } from "./app.js";

/**
 * The entry `probot run ./dist/app/index.js` loads (`npm start`): Probot reads `APP_ID`,
 * `PRIVATE_KEY`/`PRIVATE_KEY_PATH`, `WEBHOOK_SECRET`, `PORT`, `HOST`, `LOG_LEVEL` and
 * `GHE_HOST`/`GHE_PROTOCOL`; without credentials it starts the registration flow from `app.yml`.
 */
export default createApp();

export { CHECK_NAME, createApp, type MlgateAppOptions } from "./app.js";
