// Which HTTP-block headers are credentials. Their values live in the server's vault, the flow
// document only refers to them (`secretRef`), and every copy of a document that leaves the server
// (editor, export, comparisons) carries neither the value nor the reference, only `isSet`.

/** Header names that carry credentials even when nobody ticked "secret". */
const SECRET_NAME = /^(proxy-)?authorization$|api[-_]?key|token|secret|password|credential|^cookie$/i;

export type HttpHeader = { name: string; value: string; secret?: boolean | undefined; secretRef?: string | undefined; isSet?: boolean | undefined };

export const isSecretHeader = (header: HttpHeader): boolean => header.secret === true || header.secretRef !== undefined || SECRET_NAME.test(header.name.trim());
