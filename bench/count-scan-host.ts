// The web host in a process of its own for bench/count-scan.ts (as on the desktop, where the
// engine runs in a utility process): its synchronous SQLite writes then cannot delay the process
// that sends the key events. Usage: node --import tsx bench/count-scan-host.ts LEDGER STATIC_DIR
import { openLedger } from '../db/engine/ledger';
import { startWebHost } from '../db/hosts/web/server';

const [file, staticDir] = process.argv.slice(2);
if (!file || !staticDir) {
  console.error('usage: count-scan-host.ts LEDGER STATIC_DIR');
  process.exit(2);
}
const ledger = openLedger(file);
const host = await startWebHost(ledger, { port: 0, staticDir });
console.log(`URL ${host.url}`);
const stop = async () => {
  await host.close();
  ledger.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
