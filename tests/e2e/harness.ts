import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openLedger, type Ledger } from '../../db/engine/ledger';
import { startWebHost, type WebHost } from '../../db/hosts/web/server';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Harness {
  dir: string;
  file: string;
  ledger: Ledger;
  host: WebHost;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export const ADMIN = { username: 'admin', password: 'admin-pass-1', displayName: '系统管理员' };

/** A fresh ledger (administrator created), the web host on a random port, and a Chromium page. */
export async function startHarness(opts: { seed?: (ledger: Ledger) => Promise<void> } = {}): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-e2e-'));
  const file = path.join(dir, 'e2e.ledger');
  const ledger = openLedger(file, { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '清河县医疗健康集团', ...ADMIN });
  if (opts.seed) await opts.seed(ledger);
  const host = await startWebHost(ledger, { port: 0, staticDir: path.resolve('build/renderer') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
  const page = await context.newPage();
  return {
    dir,
    file,
    ledger,
    host,
    browser,
    page,
    async close() {
      await browser.close();
      await host.close();
      ledger.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fire a paste of a TSV block (what Excel puts on the clipboard) at the focused element. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

const SEEDER = { system: { actor: 'e2e' } };
const UNIT_ROWS: Record<string, { code: string; name: string; type: string; parentCode: string | null }> = {
  QH001: { code: 'QH001', name: '清河县人民医院', type: '牵头医院', parentCode: null },
  QH101: { code: 'QH101', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'QH001' },
};

/** The small community most screen tests start from: the lead hospital, optionally a township centre, and the given departments. */
export async function seedUnits(ledger: Ledger, unitCodes: (keyof typeof UNIT_ROWS)[], depts: { unitCode: string; code: string; name: string }[]): Promise<void> {
  await ledger.invoke('units.batch', { ops: unitCodes.map((c) => ({ op: 'insert' as const, row: UNIT_ROWS[c]! as never })) }, SEEDER);
  if (depts.length) await ledger.invoke('departments.batch', { ops: depts.map((row) => ({ op: 'insert' as const, row })) }, SEEDER);
}

/** Open the app and log in as the administrator. */
export async function logIn(h: Harness): Promise<void> {
  await h.page.goto(h.host.url);
  await h.page.getByTestId('login-username').fill(ADMIN.username);
  await h.page.getByTestId('login-password').fill(ADMIN.password);
  await h.page.getByTestId('login-submit').click();
}
