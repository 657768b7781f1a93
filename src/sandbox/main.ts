// dist/sandbox.js: the sandbox library (loaded by the extension through src/ui/layers.ts), and the
// standalone server when run with node:
//   node dist/sandbox.js --port P [--things N] [--seed S] [--time-scale X] [--host H] [--no-mqtt] [--indexing on|off] [--task-log] [--memory-budget MiB]
//     [--lwm2m-port N (default 5683) | --no-lwm2m] [--lwm2m-host H (default 127.0.0.1)]
//     [--firmware-fail THING=CODE]... [--firmware-bytes-per-second N]
import { startSandbox, type SandboxOptions } from './index';

export * from './index';

const USAGE = 'usage: node dist/sandbox.js --port P [--things N] [--seed S] [--time-scale X] [--host H] [--no-mqtt] [--indexing on|off] [--task-log] [--memory-budget MiB] [--lwm2m-port N | --no-lwm2m] [--lwm2m-host H] [--firmware-fail THING=CODE]... [--firmware-bytes-per-second N]';
/** The LwM2M server's default: where a device's firmware is pointed (`coap://127.0.0.1:5683`). */
const LWM2M_DEFAULT = { host: '127.0.0.1', port: 5683 };

function parseArgs(argv: string[]): SandboxOptions {
  const opts: SandboxOptions = { lwm2m: { ...LWM2M_DEFAULT } };
  const lwm2m = () => (opts.lwm2m ||= { ...LWM2M_DEFAULT });
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
      case '--lwm2m-port': {
        const port = num(flag, value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--lwm2m-port takes a UDP port 0..65535 (got ${port})`);
        lwm2m().port = port;
        break;
      }
      case '--lwm2m-host': lwm2m().host = value(); break;
      case '--no-lwm2m': opts.lwm2m = false; break;
      case '--firmware-fail': {
        const v = value() ?? '';
        const at = v.lastIndexOf('=');
        if (at <= 0) throw new Error(`--firmware-fail takes THING=CODE, e.g. --firmware-fail urn:imei:351234567890123=5 (got ${v})`);
        (opts.firmwareFailures ??= {})[v.slice(0, at)] = num(flag, v.slice(at + 1));
        break;
      }
      case '--firmware-bytes-per-second': opts.firmwareBytesPerSecond = num(flag, value()); break;
      case '--help':
        console.log(USAGE);
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
  if (sb.lwm2mUri) {
    const host = opts.lwm2m ? opts.lwm2m.host ?? '127.0.0.1' : '127.0.0.1';
    if (!isLoopback(host)) console.warn(`sandbox: warning: the LwM2M server listens on ${host}, beyond loopback, with NoSec: it authenticates no one, so any device (or anyone) that reaches this port can register and be sent requests`);
    console.log(`LwM2M server listening on ${sb.lwm2mUri} (CoAP over UDP, NoSec): point a device's LwM2M server URI here`);
  } else if (sb.lwm2mError) console.warn(`sandbox: ${sb.lwm2mError}`);
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

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`sandbox: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
