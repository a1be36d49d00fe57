/**
 * @upstash/ratelimit's Lua scripts start with `#!lua flags=allow-key-locking`, which
 * Redis < 7.4 rejects. Both ways to a real Redis (the REST bridge and the in-process
 * RESP requester) drop the unknown flags before Redis sees a script and keep the hash
 * the client computed valid for EVALSHA.
 */
import { createHash } from 'node:crypto';

const SUPPORTED_SCRIPT_FLAGS = new Set([
  'no-writes',
  'allow-oom',
  'allow-stale',
  'no-cluster',
  'allow-cross-slot-keys',
]);

export type Command = (string | number)[];

/**
 * The name sent to ioredis: upper case, so ioredis applies none of its reply or argument
 * transformers (keyed by the lower-case name: `hgetall` would come back as an object,
 * which neither Upstash's protocol nor its client knows) — Redis answers as Upstash does.
 */
export function commandName(name: string | number | undefined): string {
  return String(name).toUpperCase();
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Rewrites a script's shebang to what Redis 7.0 accepts; other scripts pass unchanged. */
export function rewriteScript(script: string): string {
  const match = /^#!lua([^\n]*)/.exec(script);
  if (!match) return script;
  const flagsMatch = /flags=([^\s]*)/.exec(match[1] ?? '');
  const name = /name=([^\s]*)/.exec(match[1] ?? '');
  const flags = (flagsMatch?.[1] ?? '')
    .split(',')
    .filter((f) => SUPPORTED_SCRIPT_FLAGS.has(f));
  // Without a shebang Redis applies the legacy (permissive) script semantics the
  // unknown flag asked for; keep the line count so error line numbers stay right.
  if (flags.length === 0 && !name) return script.replace(/^#!lua[^\n]*/, '');
  const parts = ['#!lua'];
  if (name) parts.push(`name=${name[1]}`);
  if (flags.length) parts.push(`flags=${flags.join(',')}`);
  return script.replace(/^#!lua[^\n]*/, parts.join(' '));
}

/**
 * Translates the client's script commands: EVAL / SCRIPT LOAD get the rewritten script,
 * EVALSHA of a rewritten script's original hash gets the rewritten one's.
 */
export class ScriptTranslator {
  /** client-side hash of an original script → the hash of the rewritten script Redis knows */
  private readonly scripts = new Map<string, string>();

  private remember(original: string, rewritten: string): void {
    if (rewritten !== original) this.scripts.set(sha1(original), sha1(rewritten));
  }

  translate(command: Command): Command {
    const name = String(command[0]).toUpperCase();
    if ((name === 'EVAL' || name === 'EVAL_RO') && typeof command[1] === 'string') {
      const original = command[1];
      const rewritten = rewriteScript(original);
      this.remember(original, rewritten);
      return [command[0]!, rewritten, ...command.slice(2)];
    }
    if ((name === 'EVALSHA' || name === 'EVALSHA_RO') && typeof command[1] === 'string') {
      // every rate-limit check is an EVALSHA: the rewritten script's hash is kept, not recomputed
      const rewritten = this.scripts.get(command[1]);
      if (rewritten) return [command[0]!, rewritten, ...command.slice(2)];
    }
    if (name === 'SCRIPT' && String(command[1]).toUpperCase() === 'LOAD') {
      const original = String(command[2]);
      const rewritten = rewriteScript(original);
      this.remember(original, rewritten);
      return ['SCRIPT', 'LOAD', rewritten];
    }
    return command;
  }

  /** SCRIPT LOAD answers with the hash the client will use (its original script's). */
  static answer(command: Command, result: unknown): unknown {
    if (String(command[0]).toUpperCase() === 'SCRIPT' && String(command[1]).toUpperCase() === 'LOAD') {
      return sha1(String(command[2]));
    }
    return result === undefined ? null : result;
  }
}
