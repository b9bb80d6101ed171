/**
 * Zod for every boundary schema in lib/. Zod 4 probes `new Function("")` when an object schema is
 * built, to compile fast parsers; under our CSP (no 'unsafe-eval') that probe is a reported
 * violation, in the page and in Workers. Import `z` from here so the JIT is off before any schema
 * is built. Parsing stays correct, only without the JIT.
 */
import { z } from "zod";

z.config({ jitless: true });

export { z };
