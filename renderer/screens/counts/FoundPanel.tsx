// 账外物品 (盘盈): items found that are not on the book — recorded from unknown scans (to be
// identified: name, model, location, description), typed on the new-row line or pasted. Each edit
// is one `counts.recordFound` call; a mistaken one is dropped with a reason.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CountDetail, FoundItem } from '../../../shared/api/counts';
import type { BatchResult } from '../../../shared/api/types';
import { send } from '../../api/client';
import { useSession } from '../../app/session';
import { codeColumn, dateTimeColumn, intColumn, moneyColumn, textColumn, type GridColumn } from '../../grid/columns';
import { LedgerGrid, type BatchOp, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { useLoader } from '../useLoader';
import { deviceName } from './ScanPanel';

type Status = 'open' | 'booked' | 'dropped' | 'all';

export function FoundPanel({ count, onChanged }: { count: CountDetail; onChanged: () => Promise<void> }) {
  const { t } = useT();
  const session = useSession();
  const canEdit = session.can('assets.write') && count.status === 'open';
  const grid = useRef<LedgerGridHandle<FoundItem>>(null);
  const byId = useRef(new Map<string, FoundItem>());
  const [status, setStatus] = useState<Status>('open');
  const [selected, setSelected] = useState<FoundItem | null>(null);
  const load = useCallback(async () => {
    const rows = await send('counts.found', { id: count.id, status });
    byId.current = new Map(rows.map((r) => [r.id, r]));
    return rows;
  }, [count.id, status]);
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  const batch = useCallback(
    async (ops: BatchOp[]): Promise<BatchResult<FoundItem>> => {
      const items = ops.flatMap((op) => {
        if (op.op === 'insert') return [{ ...pick(op.row), quantity: num(op.row.quantity) }];
        if (op.op === 'update') {
          const base = byId.current.get(op.id);
          if (!base) return [];
          const m = { ...base, ...op.changes } as FoundItem;
          return [{ id: base.id, version: op.version, ...pick(m as unknown as Record<string, unknown>), quantity: num(m.quantity) }];
        }
        return [];
      });
      const r = await send('counts.recordFound', { id: count.id, items: items as never, counter: session.user.displayName, device: deviceName() });
      for (const i of r.items) byId.current.set(i.id, i);
      void onChanged();
      return { batchId: r.batchId ?? 0, rows: r.items, deletedIds: [] };
    },
    [count.id, onChanged, session.user.displayName],
  );

  const editable = (r: FoundItem) => canEdit && r.status === 'open';
  const columns = useMemo<GridColumn<FoundItem>[]>(
    () => [
      codeColumn<FoundItem>('code', t('counts.foundCode'), { width: 130, editable, insertable: canEdit }),
      textColumn<FoundItem>('name', t('counts.assetName'), { width: 160, editable, insertable: canEdit }),
      textColumn<FoundItem>('model', t('counts.model'), { width: 130, editable, insertable: canEdit, pinyin: false }),
      textColumn<FoundItem>('location', t('counts.actualLocation'), { width: 130, editable, insertable: canEdit }),
      textColumn<FoundItem>('userName', t('counts.actualUser'), { width: 90, editable, insertable: canEdit }),
      intColumn<FoundItem>('quantity', t('counts.quantity'), { width: 70, editable, insertable: canEdit }),
      textColumn<FoundItem>('description', t('counts.description'), { width: 260, editable, insertable: canEdit }),
      textColumn<FoundItem>('status', t('counts.status'), { width: 90, format: (v, r) => (r && v ? `${t(`counts.foundStatuses.${String(v)}`)}${r.status === 'booked' && !r.approved ? t('counts.notApproved') : ''}` : '') }),
      codeColumn<FoundItem>('assetCode', t('counts.newCard'), { width: 120 }),
      moneyColumn<FoundItem>('valueFen', t('counts.value'), { width: 110 }),
      textColumn<FoundItem>('source', t('counts.source'), { width: 70, format: (v) => (v ? t(`counts.sources.${String(v)}`) : '') }),
      textColumn<FoundItem>('counter', t('counts.counter'), { width: 90 }),
      dateTimeColumn<FoundItem>('recordedAt', t('counts.recordedAt')),
      textColumn<FoundItem>('dropReason', t('counts.dropReason'), { width: 140 }),
    ],
    [t, canEdit],
  );

  const drop = async () => {
    if (!selected) return;
    const reason = window.prompt(t('counts.dropPrompt', { what: selected.code ?? selected.name ?? '' }));
    if (!reason?.trim()) return;
    try {
      const r = await send('counts.dropFound', { id: count.id, foundId: selected.id, version: selected.version, reason });
      grid.current?.applyRows([r]);
      grid.current?.notify(t('counts.dropped'), 'success');
      void onChanged();
    } catch (err) {
      grid.current?.showError(err);
    }
  };

  return (
    <>
      <div className="sharing-hint muted">{t('counts.foundHint')}</div>
      <LedgerGrid<FoundItem>
        ref={grid}
        testId="grid-count-found"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={canEdit}
        batch={batch}
        allowInsert={canEdit}
        newRowDefaults={() => ({ quantity: 1 })}
        undoable={false}
        reload={reload}
        selectable
        onSelect={setSelected}
        toolbar={
          <label className="toolbar-field">
            {t('counts.status')}
            <select data-testid="found-status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
              {(['open', 'booked', 'dropped', 'all'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`counts.foundStatuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
        }
        actions={
          canEdit && (
            <button type="button" className="btn" data-testid="found-drop" disabled={!selected || selected.status !== 'open'} onClick={() => void drop()}>
              {t('counts.drop')}
            </button>
          )
        }
      />
    </>
  );
}

function pick(r: Record<string, unknown>) {
  const v = (k: string) => (r[k] === undefined || r[k] === '' ? null : r[k]);
  return { code: v('code'), name: v('name'), model: v('model'), location: v('location'), userName: v('userName'), description: v('description') };
}

function num(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) && n > 0 ? n : 1;
}
