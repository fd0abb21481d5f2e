import { createHmac } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * The name a blind reviewer sees for CANDIDATE: `anon-` and eight base32
 * characters of HMAC-SHA256(secret, "takehome.review-pseudonym:" + candidate).
 * The same loop secret and candidate always give the same pseudonym; without
 * the secret it says nothing of the id.
 */
export function pseudonymFor(secret: string, candidate: string): string {
  const mac = createHmac('sha256', secret).update(`takehome.review-pseudonym:${candidate}`).digest();
  let out = '';
  for (let i = 0; i < 8; i++) out += ALPHABET[(mac[i] as number) % 32];
  return `anon-${out}`;
}
