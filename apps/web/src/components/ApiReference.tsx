'use client';
/**
 * The API reference: Scalar's renderer (self-hosted: its script and styles come from
 * this app's bundle, no CDN, no fonts from elsewhere) over /api/v1/openapi.json. "Try
 * it" calls this deployment; signed in, requests carry a short-lived access token of the
 * person's own session (the API checks it like any other).
 */
import { ApiReferenceReact } from '@scalar/api-reference-react';
import '@scalar/api-reference-react/style.css';

export function ApiReference({ document, token }: { document: object; token: string | null }) {
  return (
    <ApiReferenceReact
      configuration={{
        content: document,
        withDefaultFonts: false,
        telemetry: false,
        hideClientButton: false,
        showDeveloperTools: 'never',
        persistAuth: false,
        ...(token ? { authentication: { preferredSecurityScheme: 'bearer', securitySchemes: { bearer: { token } } } } : {}),
      }}
    />
  );
}
