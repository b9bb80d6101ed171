import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

// Browsers cannot be downloaded here: drive Debian's Chromium.
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `npx next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PLANSIGHT_DATA_DIR: "test-results/data",
      NEXT_TELEMETRY_DISABLED: "1",
      // e2e/spark-import.spec.ts starts a real History Server and a live pyspark app there.
      PLANSIGHT_SPARK_SERVERS: `http://127.0.0.1:${port + 15080},http://127.0.0.1:${port + 1040}`,
    },
  },
});
