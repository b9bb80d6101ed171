#!/usr/bin/env node
// Playwright drives Debian's Chromium (browsers cannot be downloaded here). Install it when
// missing and we are root with apt-get; otherwise stop with one clear sentence.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(path)) process.exit(0);
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = existsSync("/usr/bin/apt-get");
if (!isRoot || !hasApt) {
  console.error(
    `Chromium is missing at ${path}: install Debian's "chromium" package (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
console.error(`Chromium is missing at ${path}; installing Debian's chromium package...`);
try {
  execSync(
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core",
    {
      stdio: "inherit",
      shell: "/bin/bash",
    },
  );
} catch {
  console.error(
    'Installing chromium failed: install Debian\'s "chromium" package by hand (apt-get install chromium).',
  );
  process.exit(1);
}
if (!existsSync(path)) {
  console.error(`The chromium package installed, but ${path} is still missing: set CHROMIUM_PATH.`);
  process.exit(1);
}
