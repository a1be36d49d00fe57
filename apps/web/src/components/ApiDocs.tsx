/**
 * A readable rendering of /api/v1/openapi.json (server component, no external assets):
 * every operation by module, with its parameters, request body and responses.
 */
import type { generateOpenApiDocument } from '@rrnet/api';

type Document = ReturnType<typeof generateOpenApiDocument>;
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function ApiDocs({ document }: { document: Document }) {
  const operations: { method: string; path: string; op: Operation }[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (op) operations.push({ method, path, op });
    }
  }
  const tags = [...new Set(operations.map((o) => o.op.tags?.[0] ?? 'other'))];
  return (
    <main className="content api-docs">
      <h1>{document.info.title}</h1>
      <p>{document.info.description}</p>
      <p>
        Base URL: <code>{document.servers?.[0]?.url}</code> · Machine-readable:{' '}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
      </p>
      {tags.map((tag) => (
        <section key={tag} className="card">
          <h2>{tag}</h2>
          {operations
            .filter((o) => (o.op.tags?.[0] ?? 'other') === tag)
            .map(({ method, path, op }) => (
              <details key={`${method} ${path}`} className="api-op">
                <summary>
                  <span className={`method method-${method}`}>{method.toUpperCase()}</span> <code>/api/v1{path}</code>{' '}
                  <span className="muted">{op.summary ?? ''}</span>
                </summary>
                {op.parameters && op.parameters.length > 0 && (
                  <>
                    <h3>Parameters</h3>
                    <ul>
                      {op.parameters.map((p) => (
                        <li key={`${p.in}:${p.name}`}>
                          <code>{p.name}</code> ({p.in}
                          {p.required ? ', required' : ''})
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                {op.requestBody?.content?.['application/json']?.schema !== undefined && (
                  <>
                    <h3>Request body</h3>
                    <pre>{JSON.stringify(op.requestBody.content['application/json'].schema, null, 2)}</pre>
                  </>
                )}
                <h3>Responses</h3>
                <ul>
                  {Object.entries(op.responses ?? {}).map(([status, r]) => (
                    <li key={status}>
                      <code>{status}</code> {r.description}
                    </li>
                  ))}
                </ul>
                <p className="muted">Successful responses are wrapped as {'{ status, data, meta }'}.</p>
              </details>
            ))}
        </section>
      ))}
    </main>
  );
}
