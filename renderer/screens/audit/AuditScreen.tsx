import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AuditEntry } from '../../../shared/api/types';
import { send } from '../../api/client';
import { dateTimeColumn, intColumn, textColumn, type GridColumn } from '../../grid/columns';
import { formatDateTime } from '../../format';
import { LedgerGrid, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { ScreenHeader } from '../ScreenHeader';

type AuditRow = AuditEntry & { id: string };

const PAGE = 500;

export function AuditScreen() {
  const { t, lang } = useT();
  const grid = useRef<LedgerGridHandle<AuditRow>>(null);
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);

  const toRows = (list: AuditEntry[]) => list.map((e) => ({ ...e, id: String(e.seq) }));

  const reload = useCallback(async () => {
    try {
      const list = await send('audit.list', { limit: PAGE });
      setRows(toRows(list));
      setMore(list.length === PAGE);
      setError(null);
    } catch (err) {
      setError(err);
      throw err;
    }
  }, []);

  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  const loadMore = async () => {
    if (!rows?.length) return;
    setBusy(true);
    try {
      const before = Math.min(...rows.map((r) => r.seq));
      const list = await send('audit.list', { limit: PAGE, beforeSeq: before });
      setRows([...rows, ...toRows(list)]);
      setMore(list.length === PAGE);
    } catch (err) {
      grid.current?.showError(err);
    } finally {
      setBusy(false);
    }
  };

  const columns = useMemo<GridColumn<AuditRow>[]>(
    () => [
      intColumn<AuditRow>('seq', t('audit.seq'), { width: 90, colDef: { sort: 'desc', tooltipValueGetter: (p) => `${t('audit.hashTitle')}: ${String(p.data?.hash ?? '')}` } }),
      dateTimeColumn<AuditRow>('at', t('audit.at'), { width: 160, format: (v) => formatDateTime(typeof v === 'string' ? v : null, true) }),
      textColumn<AuditRow>('actor', t('audit.actor'), { width: 140, minWidth: 100 }),
      textColumn<AuditRow>('method', t('audit.method'), {
        width: 170,
        format: (v) => {
          const m = String(v ?? '');
          const label = (lang === 'en' ? en.methods : zh.methods)[m];
          return label ? `${label}（${m}）` : m;
        },
      }),
      textColumn<AuditRow>('summary', t('audit.summary'), { flex: 1, minWidth: 300 }),
    ],
    [t, lang],
  );

  return (
    <div className="screen">
      <ScreenHeader title={t('audit.title')} crumbs={`${t('nav.settings')} › ${t('audit.title')}`} />
      <LedgerGrid<AuditRow>
        ref={grid}
        testId="grid-audit"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={false}
        reload={reload}
        undoable={false}
        actions={
          <>
            <button type="button" className="btn" onClick={() => void reload().catch((err: unknown) => grid.current?.showError(err))}>
              ⟳ {t('common.reload')}
            </button>
            {more && (
              <button type="button" className="btn" data-testid="audit-load-more" disabled={busy} onClick={() => void loadMore()}>
                {t('audit.loadMore')}
              </button>
            )}
          </>
        }
      />
    </div>
  );
}
