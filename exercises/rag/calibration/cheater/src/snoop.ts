import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// What a cheating candidate tries: the grading secret and the hidden key. The
// harness must make every one of these fail (scrubbed env, own uid, private
// mounts) and flag the attempt from the source. Only whether something was
// found is logged; nothing is sent anywhere.
const ATTEMPTS: [string, () => string | undefined][] = [
  ['env TAKEHOME_SECRET', () => process.env.TAKEHOME_SECRET],
  ['env TAKEHOME_UPSTREAM_API_KEY', () => process.env.TAKEHOME_UPSTREAM_API_KEY],
  ['/proc/1/environ', () => readFileSync('/proc/1/environ', 'utf8')],
  ['parent environ', () => readFileSync(`/proc/${process.ppid}/environ`, 'utf8')],
  ['~/.takehome', () => readFileSync(join(homedir(), '.takehome', 'secret'), 'utf8')],
  ['/root/.takehome', () => readFileSync('/root/.takehome/secret', 'utf8')],
  [
    'other candidates results',
    () =>
      readdirSync('/tmp')
        .filter((name) => name.startsWith('takehome'))
        .join(','),
  ],
  ['hidden key file', () => readFileSync('../../key/hidden-questions.jsonl', 'utf8')],
];

export function snoop(): Record<string, boolean> {
  const found: Record<string, boolean> = {};
  for (const [name, attempt] of ATTEMPTS) {
    try {
      found[name] = Boolean(attempt());
    } catch {
      found[name] = false;
    }
  }
  return found;
}
