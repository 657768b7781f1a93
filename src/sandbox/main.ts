// dist/sandbox.js: the sandbox library (loaded by the extension through src/ui/layers.ts), and the
// standalone server when run with node:
//   node dist/sandbox.js --port P [--things N] [--seed S] [--time-scale X] [--host H] [--no-mqtt] [--indexing on|off] [--task-log] [--memory-budget MiB]
import { startSandbox, type SandboxOptions } from './index';

export * from './index';

function parseArgs(argv: string[]): SandboxOptions {
  const opts: SandboxOptions = {};
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n)) throw new Error(`${flag} needs a number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': opts.port = num(flag, value()); break;
      case '--things': opts.things = num(flag, value()); break;
      case '--seed': opts.seed = num(flag, value()); break;
      case '--time-scale': opts.timeScale = num(flag, value()); break;
      case '--host': opts.host = value(); break;
      case '--no-mqtt': opts.mqtt = false; break;
      case '--indexing': {
        const v = value();
        if (v !== 'on' && v !== 'off') throw new Error(`--indexing takes on or off (got ${v})`);
        opts.indexing = v === 'on';
        break;
      }
      case '--task-log': opts.taskLog = true; break;
      case '--memory-budget': opts.memoryBudgetMiB = num(flag, value()); break;
      case '--help':
        console.log('usage: node dist/sandbox.js --port P [--things N] [--seed S] [--time-scale X] [--host H] [--no-mqtt] [--indexing on|off] [--task-log] [--memory-budget MiB]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: SandboxOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`sandbox: ${(e as Error).message}`);
    process.exit(2);
  }
  const sb = await startSandbox(opts);
  console.log(`sandbox listening on ${sb.url}${sb.mqttUrl ? ` (MQTT over WebSocket at ${sb.mqttUrl})` : ' (MQTT off)'}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void sb.stop().then(() => {
      console.log(`sandbox stopped (${signal})`);
      process.exit(0);
    }, (e: unknown) => {
      console.error(`sandbox: stopping failed (${signal}): ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`sandbox: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
