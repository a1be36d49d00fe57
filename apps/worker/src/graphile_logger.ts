/** Routes graphile-worker's own log lines through the shared JSON logger. */
import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from '@rrnet/logger';

export function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { graphile: { ...scope, ...(meta ?? {}) } };
    switch (level) {
      case 'error':
        return logger.error(fields, message);
      case 'warning':
        return logger.warn(fields, message);
      case 'info':
        return logger.info(fields, message);
      default:
        return logger.debug(fields, message);
    }
  });
}
