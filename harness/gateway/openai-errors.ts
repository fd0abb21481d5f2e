/**
 * Errors in OpenAI's wire format, so every OpenAI client surfaces them as it
 * would a real API error: {"error":{"message","type","param","code"}}.
 */
export class GatewayHttpError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, options: { type?: string; code?: string | null; param?: string | null; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'GatewayHttpError';
    this.status = status;
    this.type = options.type ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }

  body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null): GatewayHttpError => new GatewayHttpError(400, message, { param, code });

export const unauthorized = (message: string): GatewayHttpError => new GatewayHttpError(401, message, { type: 'invalid_request_error', code: 'invalid_api_key' });
