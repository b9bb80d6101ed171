// Loaded with `node --import` into a child CLI process: on exit, writes the process's peak resident
// set size (KiB, getrusage's ru_maxrss) to stderr as a last line the memory test reads.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\nPLANSIGHT_MAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
