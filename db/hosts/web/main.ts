import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openLedger } from '../../engine/ledger';
import { startWebHost } from './server';

// `npm run web -- --db FILE [--port N] [--create]`

const USAGE = `用法: npm run web -- --db 账套文件 [--port 端口] [--create]

在本机 127.0.0.1 上提供界面和接口（每次启动生成新的访问令牌），用浏览器打开打印出的地址。
  --db FILE     账套文件（不存在时需加 --create 新建）
  --port N      端口（默认随机空闲端口）
  --create      文件不存在时新建空账套（首次打开时在界面中创建管理员）`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, port: { type: 'string' }, create: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help || !values.db) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const port = values.port ? Number(values.port) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`端口无效：${values.port}`);
  const ledger = openLedger(values.db, { create: values.create ?? false });
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const host = await startWebHost(ledger, { port, staticDir: path.join(root, 'build/renderer') });
  console.log(`医共体统一台账已启动（仅本机可访问）。请在浏览器中打开：\n${host.url}`);
  const stop = async () => {
    await host.close();
    ledger.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(`启动失败：${(err as Error).message}`);
  process.exit(1);
});
