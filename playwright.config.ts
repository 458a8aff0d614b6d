import { defineConfig, devices } from '@playwright/test'
import { E2E_BASE_URL } from './tests/e2e/config.ts'

/**
 * Browser tests in Debian's Chromium (never `playwright install`: no downloads here) against
 * the production build, started by tests/e2e/start-server.ts on a fresh database:
 * the server at DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary
 * directory (E2E_PG_PORT, default 54339). E2E_PORT (default 3210) is the web port.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
            '--disable-gpu',
            '--disable-quic',
            '--disable-dev-shm-usage',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node --import tsx tests/e2e/start-server.ts',
    url: `${E2E_BASE_URL}/healthz`,
    reuseExistingServer: false,
    // A first build on two cores plus migrations and the demo seed.
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { E2E_WATCH_STDIN: '1' },
    // SIGTERM lets the launcher stop the server (which stops the embedded PostgreSQL) and drop its database.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 60_000 },
  },
})
