'use client';
/**
 * Reading tRPC errors in the UI: the spec code (`error.data.error_code`), the per-field
 * details and a translated message. The message is the code's, translated (`error.*`);
 * the server's own message, when it says more than the code's generic text, is the
 * detail. The server writes it in English from `@rrnet/contracts/server_messages`: it is
 * read back into its key and values and shown translated (`server.*`, values put back);
 * a field message used as a refusal's message (a logo's) is translated as one;
 * a text neither catalogue knows (an older server's) is shown as it is. The
 * per-field messages of `details` are translated the same way by the kit's FieldError
 * (`field.*`).
 */
import { TRPCClientError } from '@trpc/client';
import { useCallback } from 'react';
import { DEFAULT_ERROR_MESSAGES, isErrorCode } from '@rrnet/contracts';
import type { ErrorCode, ErrorDetails } from '@rrnet/contracts';
import { useTranslations } from 'next-intl';
import { translateFieldMessage } from '~/i18n/field_message';
import { translateServerMessage } from '~/i18n/server_message';

interface ErrorData {
  error_code?: unknown;
  details?: unknown;
  request_id?: unknown;
}

function dataOf(error: unknown): ErrorData | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  return data && typeof data === 'object' ? (data as ErrorData) : null;
}

/** The spec error code of a tRPC error, or null (network failure, not a tRPC error). */
export function errorCodeOf(error: unknown): ErrorCode | null {
  const code = dataOf(error)?.error_code;
  return isErrorCode(code) ? code : null;
}

/** `{ field: message }` from a VALIDATION_FAILED / CONFLICT error. */
export function fieldErrorsOf(error: unknown): ErrorDetails {
  const details = dataOf(error)?.details;
  if (!details || typeof details !== 'object') return {};
  return Object.fromEntries(Object.entries(details).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A refusal (4xx codes): an answer the page shows, not a glitch. */
export function isRefusal(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code !== null && code !== 'INTERNAL_ERROR' && code !== 'SERVICE_UNAVAILABLE';
}

/** React Query `retry`: refusals are answers; retry the rest once. */
export function retryUnlessRefused(failureCount: number, error: unknown): boolean {
  return !isRefusal(error) && failureCount < 1;
}

export interface DescribedError {
  code: ErrorCode | null;
  message: string;
  detail: string | null;
  requestId: string | null;
}

export function useTrpcError() {
  const t = useTranslations();
  const tServer = useTranslations('server');
  const tField = useTranslations('field');
  const describe = useCallback(
    (error: unknown): DescribedError => {
      const code = errorCodeOf(error);
      const requestId = dataOf(error)?.request_id;
      if (!code) return { code: null, message: t('error.network'), detail: null, requestId: null };
      const said = error instanceof Error ? error.message : '';
      const detail = said && said !== DEFAULT_ERROR_MESSAGES[code] ? translateServerMessage(tServer, said, (m) => translateFieldMessage(tField, m)) : null;
      return { code, message: t(`error.${code}`), detail, requestId: typeof requestId === 'string' ? requestId : null };
    },
    [t, tServer, tField],
  );
  return { describe };
}
