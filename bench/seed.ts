// Ledgers for the benchmarks, built through the engine's own API (trusted system caller), so they
// contain exactly what the product would write.

import fs from 'node:fs';
import type { Ledger } from '../db/engine/ledger';
import { openLedger } from '../db/engine/ledger';
import { removeLedger } from './gen-ledger';

export const BENCH_ADMIN = { username: 'admin', password: 'bench-pass-1', displayName: '系统管理员' };
export const COMMUNITY = '清河县医疗健康集团';
const SYSTEM = { system: { actor: 'bench' } };

type UnitInsert = { op: 'insert'; row: { code: string; name: string; type: string; parentCode: string | null } };

async function batchUnits(ledger: Ledger, ops: UnitInsert[], chunk: number): Promise<void> {
  for (let i = 0; i < ops.length; i += chunk) {
    await ledger.invoke('units.batch', { ops: ops.slice(i, i + chunk) } as never, SYSTEM);
  }
}

const TOWNS = ['城关', '东关', '西河', '南湖', '北山', '石桥', '柳林', '杨庄', '李集', '王楼', '张店', '马坊', '高庄', '双河', '白杨', '新华', '红旗', '太平', '清泉', '青龙'];
const VILLAGES = ['前进', '东风', '和平', '新村', '大王', '小李', '后屯', '上湾', '下湾', '河口', '岭上', '沟里', '梨树', '枣林', '杏花', '榆树'];

/**
 * A fresh ledger with the administrator and `units` units: 1 lead hospital, `townships`
 * 乡镇卫生院 (codes W0001…) and village clinics 村卫生室 B00001… hung under them round-robin.
 * Departments: `deptsPerTownship` per township centre.
 */
export async function seedLedger(
  file: string,
  opts: { units: number; townships: number; deptsPerTownship?: number; chunk?: number },
): Promise<Ledger> {
  removeLedger(file);
  const ledger = openLedger(file, { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: COMMUNITY, ...BENCH_ADMIN });
  const ops: UnitInsert[] = [{ op: 'insert', row: { code: 'QH001', name: '清河县人民医院', type: '牵头医院', parentCode: null } }];
  for (let t = 1; t <= opts.townships; t++) {
    const town = `${TOWNS[(t - 1) % TOWNS.length]}${t > TOWNS.length ? Math.ceil(t / TOWNS.length) : ''}`;
    ops.push({ op: 'insert', row: { code: `W${String(t).padStart(4, '0')}`, name: `清河县${town}镇卫生院`, type: '乡镇卫生院', parentCode: null } });
  }
  const villages = opts.units - ops.length;
  for (let v = 1; v <= villages; v++) {
    const t = ((v - 1) % opts.townships) + 1;
    ops.push({
      op: 'insert',
      row: { code: `B${String(v).padStart(5, '0')}`, name: `${VILLAGES[v % VILLAGES.length]}村卫生室${v}`, type: '村卫生室', parentCode: `W${String(t).padStart(4, '0')}` },
    });
  }
  await batchUnits(ledger, ops, opts.chunk ?? 1000);
  if (opts.deptsPerTownship) {
    const depts = ['内科', '外科', '妇产科', '儿科', '中医科', '公共卫生科', '检验科', '药剂科', '财务科', '办公室'];
    const dops = [];
    for (let t = 1; t <= opts.townships; t++) {
      for (let k = 0; k < opts.deptsPerTownship; k++) {
        dops.push({ op: 'insert' as const, row: { unitCode: `W${String(t).padStart(4, '0')}`, code: `D${String(k + 1).padStart(2, '0')}`, name: depts[k % depts.length]! } });
      }
    }
    for (let i = 0; i < dops.length; i += 1000) await ledger.invoke('departments.batch', { ops: dops.slice(i, i + 1000) }, SYSTEM);
  }
  return ledger;
}

export function fileSize(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}
