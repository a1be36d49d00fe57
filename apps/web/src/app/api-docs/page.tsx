import type { Metadata } from 'next';
import { ApiDocs } from '~/components/ApiDocs';
import { generateOpenApiDocument } from '@rrnet/api';
import { webConfig } from '~/config';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'RRNet API' };

export default function ApiDocsPage() {
  return <ApiDocs document={generateOpenApiDocument(webConfig().PUBLIC_URL)} />;
}
