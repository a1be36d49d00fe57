/**
 * zod in the browser validates by interpretation: its JIT probes `new Function`, which the
 * Content-Security-Policy forbids (no 'unsafe-eval'), and every page would report a
 * violation. Imported (for this effect) by every module that parses with zod in the
 * browser — the form hook and the two forms that check by hand — so pages without a form
 * carry no zod at all. (`config` is zod core's `z.config`.)
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
