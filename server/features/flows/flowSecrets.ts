// Credentials in HTTP blocks (Authorization, API keys, tokens: see shared/flows/secretHeaders.ts)
// are kept in the vault, never in the flow document: saving a document moves each credential's
// value into the vault and leaves a reference (`secretRef`); every document the API returns (to
// any role, admins included) or exports is masked: no value, no reference, only `isSet`. A masked
// header saved back unchanged keeps its stored value (matched by block id and header name), so the
// editor can round-trip a document without ever seeing the secret; typing a value replaces it.
// The executor resolves the reference when the block runs (readFlowSecret).
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { isSecretHeader, type HttpHeader } from '#shared/flows/secretHeaders.js';

type Headers = HttpHeader[];

function mapHeaders(document: FlowDocument, change: (headers: Headers, blockId: string) => Headers): FlowDocument {
  return {
    ...document,
    blocks: document.blocks.map((block) =>
      block.type === 'http_request' ? { ...block, data: { ...block.data, headers: change(block.data.headers, block.id) } } : block,
    ),
  };
}

/** The document as it may leave the server: credential headers without value or reference. */
export function maskFlowSecrets(document: FlowDocument): FlowDocument {
  return mapHeaders(document, (headers) =>
    headers.map((header) =>
      isSecretHeader(header)
        ? { name: header.name, value: '', secret: true, isSet: header.secretRef !== undefined || header.value !== '' }
        : { name: header.name, value: header.value },
    ),
  );
}

/**
 * The document as it is stored: each credential header's value sealed in the vault (a new value
 * replaces the stored one; an empty value keeps what the first of `previous` (the server's own
 * documents: the current draft, a version being restored) had for the same block and header).
 * References the caller sent are ignored: only the server's own, from `previous`, are kept.
 */
export async function sealFlowSecrets(app: AppContext, tx: Tx, clientId: string, document: FlowDocument, previous: FlowDocument[]): Promise<FlowDocument> {
  const stored = new Map<string, HttpHeader>();
  for (const earlier of previous) {
    for (const block of earlier.blocks) {
      if (block.type !== 'http_request') continue;
      for (const header of block.data.headers) {
        const key = keyOf(block.id, header.name);
        if (!stored.has(key)) stored.set(key, header);
      }
    }
  }
  const sealed = new Map<string, Headers>();
  for (const block of document.blocks) {
    if (block.type !== 'http_request') continue;
    const headers: Headers = [];
    for (const header of block.data.headers) {
      if (!isSecretHeader(header)) {
        headers.push({ name: header.name, value: header.value });
        continue;
      }
      const before = stored.get(keyOf(block.id, header.name));
      const value = header.value !== '' ? header.value : before && !before.secretRef && before.value !== '' ? before.value : null;
      let secretRef = before?.secretRef;
      if (value !== null) {
        secretRef = await app.vault.upsert(tx, secretRef && (await ownSecret(app, tx, clientId, secretRef)) ? secretRef : null, {
          clientId,
          name: `flow_http_header:${header.name.trim().toLowerCase()}`,
          value,
        });
      }
      headers.push(secretRef ? { name: header.name, value: '', secret: true, secretRef } : { name: header.name, value: '', secret: true });
    }
    sealed.set(block.id, headers);
  }
  return mapHeaders(document, (headers, blockId) => sealed.get(blockId) ?? headers);
}

/** A credential's value for a running flow of `clientId`, or null when it is not that client's. */
export async function readFlowSecret(app: AppContext, clientId: string, secretRef: string): Promise<string | null> {
  return app.db.tenant(clientId, async (tx) => ((await ownSecret(app, tx, clientId, secretRef)) ? app.vault.read(tx, secretRef) : null));
}

async function ownSecret(app: AppContext, tx: Tx, clientId: string, id: string): Promise<boolean> {
  const { secrets } = app.db.t;
  const [row] = await tx
    .select({ id: secrets.id })
    .from(secrets)
    .where(and(eq(secrets.id, id), eq(secrets.clientId, clientId)));
  return row !== undefined;
}

const keyOf = (blockId: string, name: string) => `${blockId}\u0001${name.trim().toLowerCase()}`;
