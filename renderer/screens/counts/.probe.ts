// scratch (deleted after use): measure key rate into the scan field
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { openLedger } from '../../../db/engine/ledger';
import { startWebHost } from '../../../db/hosts/web/server';
import { demoCards } from '../assets/demo-cards';

const SYSTEM = { system: { actor: 'probe' } };
const staticDir = '/tmp/h9/renderer';
async function main() {
  if (process.argv.includes('--build') || !fs.existsSync(staticDir)) await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true, sourcemap: false } });
  const file = `/tmp/h9/probe-${Date.now()}.ledger`;
  const ledger = openLedger(file, { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '清河县医疗健康集团', username: 'admin', password: 'admin-pass-1', displayName: '管理员' });
  await ledger.invoke('units.batch', { ops: [{ op: 'insert', row: { code: 'QH001', name: '清河县人民医院', type: '牵头医院', parentCode: null } }] }, SYSTEM);
  const cards = demoCards([{ code: 'QH001', depts: [] }], 50, { seed: 11, prefix: 'PD' });
  await ledger.invoke('assets.create', { cards: cards as never }, SYSTEM);
  const c = (await ledger.invoke('counts.create', { unitCode: 'QH001', name: 'probe' }, SYSTEM)) as { id: string };
  const host = await startWebHost(ledger, { port: 0, staticDir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
  await page.goto(host.url);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('admin-pass-1');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-count').click();
  await page.getByTestId('grid-counts').locator('.ag-row').first().dblclick();
  await page.getByTestId('scan-input').waitFor();
  await page.waitForTimeout(500);
  const cdp = await page.context().newCDPSession(page);
  for (let rep = 0; rep < 4; rep++) {
    const t0 = Date.now(); const sent: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) for (const ch of [...(rep % 2 ? cards[i]!.code : 'XQ' + rep + String(i).padStart(5, '0')), '\r']) {
      const enter = ch === '\r';
      sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: enter ? 'Enter' : ch, windowsVirtualKeyCode: enter ? 13 : ch.charCodeAt(0), text: ch, unmodifiedText: ch }));
      sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: enter ? 'Enter' : ch, windowsVirtualKeyCode: enter ? 13 : ch.charCodeAt(0) }));
    }
    await Promise.all(sent);
    console.log('flood rate', (50 / ((Date.now() - t0) / 1000)).toFixed(1));
    await page.waitForTimeout(1500);
  }
  console.log(await page.getByTestId('scan-total').innerText(), await page.getByTestId('scan-pending').innerText());
  await page.screenshot({ path: '/tmp/h9/probe.png' });
  await browser.close();
  await host.close();
  ledger.close();
  void path;
}
main().catch((e) => { console.error(e); process.exit(1); });
