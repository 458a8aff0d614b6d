/** Settings shared by playwright.config.ts, the e2e server launcher and the specs. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210)
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`
/** Every seeded demo user gets this password on the test server (DEMO_PASSWORD). */
export const E2E_DEMO_PASSWORD = process.env.E2E_DEMO_PASSWORD ?? 'e2e-Demo-pass-2026'

