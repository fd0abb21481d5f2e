/**
 * Removes a secret from text before it leaves the gateway (error bodies,
 * messages, streamed chunks). Besides the exact key, its head and tail are
 * removed, and so are OpenAI-style masked keys ("sk-proj-****abcd"), which
 * upstream 401 bodies echo.
 */
export function scrubSecret(text: string, secret: string): string {
  if (!secret) return text;
  let out = text.split(secret).join('[redacted]');
  if (secret.length >= 16) {
    out = out.split(secret.slice(0, 8)).join('[redacted]').split(secret.slice(-8)).join('[redacted]');
  }
  return out.replace(/\bsk-[A-Za-z0-9_*-]{4,}/g, '[redacted]');
}
