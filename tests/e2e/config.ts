import { tmpdir } from 'node:os'
import path from 'node:path'

/** Settings shared by playwright.config.ts, the e2e server launcher and the specs. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210)
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`
/** Every seeded demo user gets this password on the test server (DEMO_PASSWORD). */
export const E2E_DEMO_PASSWORD = process.env.E2E_DEMO_PASSWORD ?? 'e2e-Demo-pass-2026'

/**
 * The server's DATA_DIR, which specs read (e.g. outbox/, where email and SMS are written as
 * files when no SMTP or Twilio is configured). E2E_DATA_DIR when set (CI: kept, with the
 * server's pid file in it); otherwise a directory per web port that tests/e2e/start-server.ts
 * empties at start and removes at the end.
 */
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR || path.join(tmpdir(), `huiyin-e2e-data-${E2E_PORT}`)
export const E2E_OUTBOX_DIR = path.join(E2E_DATA_DIR, 'outbox')
