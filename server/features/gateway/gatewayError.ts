// Errors the gateway reports to its callers. `status`, `type` and `code` follow OpenAI's error
// format, so /v1 can pass them on as they are.
export type GatewayErrorKind =
  | 'bad_request' // the request itself is wrong (a provider's 400/422, or ours): never retried or rerouted
  | 'unknown_model'
  | 'budget_exceeded'
  | 'budget_paused'
  | 'all_models_failed'
  | 'stream_interrupted';

const STATUS: Record<GatewayErrorKind, number> = {
  bad_request: 400,
  unknown_model: 404,
  budget_exceeded: 429,
  budget_paused: 429,
  all_models_failed: 502,
  stream_interrupted: 502,
};

export class GatewayError extends Error {
  override name = 'GatewayError';
  readonly status: number;
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly details: { code?: string | null; param?: string | null; status?: number; requestId?: string; attempts?: unknown[] } = {},
  ) {
    super(message);
    this.status = details.status ?? STATUS[kind];
  }

  get openaiType(): string {
    if (this.kind === 'budget_exceeded' || this.kind === 'budget_paused') return 'insufficient_quota';
    if (this.kind === 'bad_request' || this.kind === 'unknown_model') return 'invalid_request_error';
    return 'api_error';
  }

  get openaiCode(): string {
    return this.details.code ?? (this.kind === 'unknown_model' ? 'model_not_found' : this.kind);
  }
}
