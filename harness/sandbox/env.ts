import { dirname } from 'node:path';

/**
 * The candidate's whole environment: a fixed minimal set plus what the caller
 * passed explicitly. Nothing is ever copied from process.env, so the harness's
 * TAKEHOME_SECRET or upstream API key cannot leak by accident.
 */
export function buildCandidateEnv(input: { workDir: string; extra: Record<string, string>; gatewayUrl?: string; nodeBinary?: string }): Record<string, string> {
  const nodeDir = dirname(input.nodeBinary ?? process.execPath);
  const path = [nodeDir, '/usr/local/bin', '/usr/bin', '/bin'].filter((d, i, all) => all.indexOf(d) === i).join(':');
  const base: Record<string, string> = {
    PATH: path,
    HOME: input.workDir,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
    TMPDIR: '/tmp',
    NODE_ENV: 'production',
    NO_COLOR: '1',
    CI: '1',
    // npm would otherwise write its cache into the working copy and try the network.
    npm_config_cache: '/tmp/.npm',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    NO_UPDATE_NOTIFIER: '1',
  };
  const env = { ...base, ...input.extra };
  // The forwarded gateway is the only address that answers inside, so it wins over any passed value.
  if (input.gatewayUrl !== undefined) env.OPENAI_BASE_URL = input.gatewayUrl;
  return env;
}
