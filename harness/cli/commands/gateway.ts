import type { Command } from 'commander';
import { act, type CliContext } from '../context';

/** `takehome gateway`: the metering OpenAI-compatible gateway, with one run, until SIGINT/SIGTERM. */
export function gatewayCommand(program: Command, context: CliContext): void {
  program
    .command('gateway')
    .description(
      'serve the metering OpenAI-compatible gateway (chat completions, embeddings) with one run token, until Ctrl-C. ' +
        'The offline backend is a deterministic BASELINE, not a language model: its chat model only quotes the best ' +
        'sentences of the context it is given (or refuses) and never follows instructions; its embeddings are hashed TF-IDF.',
    )
    .option('--backend <kind>', 'offline (deterministic, no network) or upstream (any OpenAI-compatible URL)', 'offline')
    .option('--port <n>', 'TCP port; 0 picks a free one (default 0)')
    .option('--host <addr>', 'TCP address to listen on', '127.0.0.1')
    .option('--socket <path>', 'listen on a Unix socket instead of TCP')
    .option('--models <file>', 'model allow-list, YAML or JSON (default harness/gateway/models.yaml)')
    .option('--prices <file>', 'price table in USD per 1M tokens (default harness/gateway/prices.yaml)')
    .option('--trace <file>', 'append one JSON line per request to this file')
    .option('--budget-tokens <n>', 'refuse calls with 429 once the run has used this many tokens')
    .option('--budget-usd <x>', 'refuse calls with 429 once the run has cost this much')
    .option('--upstream-url <url>', 'OpenAI-compatible base URL for --backend upstream (key: TAKEHOME_UPSTREAM_API_KEY)')
    .option('--label <name>', 'run label in the trace and usage', 'cli')
    .option('--json', 'print JSON lines: one when listening (url, token), one with the usage when stopped')
    .action(
      act(context, async (options: Record<string, string | boolean | undefined>) => {
        const { serveGateway } = await import('../../gateway/serve');
        await serveGateway(options, {
          env: context.io.env,
          write: (line) => context.io.out(`${line}\n`),
          untilStopped: () =>
            new Promise((resolve) => {
              const stop = (signal: string) => () => {
                process.off('SIGINT', onInt);
                process.off('SIGTERM', onTerm);
                resolve(signal);
              };
              const onInt = stop('SIGINT');
              const onTerm = stop('SIGTERM');
              process.once('SIGINT', onInt);
              process.once('SIGTERM', onTerm);
            }),
        });
        return 0;
      }),
    );
}
