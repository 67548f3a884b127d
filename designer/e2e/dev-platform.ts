/**
 * Starts the journeys' platform and keeps it running, for writing a journey against it:
 * `npx tsx designer/e2e/dev-platform.ts`, then `TONGBAN_E2E_BASE_URL=<url> npx vitest run --project designer-e2e`.
 * After rebuilding the designer, restart it: the runtime lists the files of `dist/` when it starts.
 */
import { startPlatform } from './server';

const platform = await startPlatform();
console.log(platform.url);
const stop = () => void platform.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
