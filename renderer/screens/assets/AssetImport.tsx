// 资产 › 导入: choose the unit (and, for a migrated register, the opening period) → choose a file →
// progress while the engine reads and checks it (a dry run: nothing is written) → preview: counts,
// the first rows that would be imported, and every rejected row with its Excel row number, column
// and reason in a virtualised grid (100,000 rejected rows stay smooth) → import all (only when no
// row is rejected), import only the valid rows, download the sheet with a 错误说明 column, or cancel.
// The engine runs in another process (utility process / web host) and reports progress events, so
// the page never blocks; the file is read in the browser once and sent as base64.
import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ImportResult, UnitRow } from '../../../shared/api/types';
import type { ErrorDetail } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { parsePeriod } from '../../../shared/parse/date';
import { asLedgerError, onEvent, send } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { downloadExport, fileToBase64 } from '../../grid/files';
import { ledgerTheme } from '../../grid/setup';
import { errorText, useT, vmsg } from '../../i18n';
import './asset-import.css';

const PREVIEW_ROWS = 50;

type Stage = 'setup' | 'reading' | 'checking' | 'preview' | 'importing' | 'done';

interface Props {
  units: UnitRow[];
  onClose: () => void;
  /** Called after rows were written (the register reloads). */
  onImported: (result: ImportResult) => void;
}

interface Progress {
  done: number;
  total: number;
}

/** Seconds since `since` while `running`, ticking once a second (shows the UI is alive on long files). */
function useElapsed(running: boolean): number {
  const [s, setS] = useState(0);
  useEffect(() => {
    if (!running) return;
    const t0 = Date.now();
    setS(0);
    const id = setInterval(() => setS(Math.floor((Date.now() - t0) / 1000)), 1000);
    return () => clearInterval(id);
  }, [running]);
  return s;
}

export function AssetImportDialog({ units, onClose, onImported }: Props) {
  const { t, lang } = useT();
  const inputRef = useRef<HTMLInputElement>(null);
  const [unitCode, setUnitCode] = useState(() => (units.length === 1 ? units[0]!.code : ''));
  // What the user typed (2025-12, 2025年12月, 202512 …) and, when it reads as a month, the period.
  const [openingText, setOpeningText] = useState('');
  const openingParsed = useMemo(() => (openingText.trim() ? parsePeriod(openingText) : null), [openingText]);
  const openingPeriod = openingParsed?.ok ? openingParsed.period : '';
  const openingBad = openingParsed !== null && !openingParsed.ok;
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [stage, setStage] = useState<Stage>('setup');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [error, setError] = useState<{ text: string; details: ErrorDetail[] } | null>(null);
  const [downloading, setDownloading] = useState(false);
  const busy = stage === 'reading' || stage === 'checking' || stage === 'importing';
  const elapsed = useElapsed(busy);
  // Results of a run started for an earlier file/unit/period are dropped.
  const runId = useRef(0);

  useEffect(() => {
    if (!file) return;
    const task = `导入资产 ${file.name}`;
    return onEvent('progress', (p) => {
      if (p.task === task) setProgress({ done: p.done, total: p.total });
    });
  }, [file]);

  const args = useCallback(
    (f: { name: string; base64: string }) => ({ fileName: f.name, base64: f.base64, unitCode: unitCode || undefined, openingPeriod: openingPeriod || undefined }),
    [unitCode, openingPeriod],
  );

  const runCheck = useCallback(
    async (f: { name: string; base64: string }) => {
      const id = ++runId.current;
      setStage('checking');
      setProgress(null);
      setCheck(null);
      setDone(null);
      setError(null);
      try {
        const res = await send('assets.import', { ...args(f), dryRun: true, skipInvalid: false });
        if (id !== runId.current) return;
        setCheck(res);
        setStage('preview');
      } catch (err) {
        if (id !== runId.current) return;
        const le = asLedgerError(err);
        setError({ text: errorText(le, lang), details: le.details ?? [] });
        setStage('setup');
      }
    },
    [args, lang],
  );

  // Changing the unit or the opening period changes what is valid: check the file again.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (!file || openingBad || !(stage === 'preview' || stage === 'setup')) return;
    // typing 2025-12 passes through 2025-1: wait until the user pauses
    const id = setTimeout(() => void runCheck(file), 400);
    return () => clearTimeout(id);
  }, [unitCode, openingPeriod]);

  const onFile = async (f: File | undefined) => {
    if (inputRef.current) inputRef.current.value = '';
    if (!f) return;
    setStage('reading');
    setError(null);
    setCheck(null);
    setDone(null);
    const base64 = await fileToBase64(f);
    const chosen = { name: f.name, base64 };
    setFile(chosen);
    await runCheck(chosen);
  };

  const commit = async (skipInvalid: boolean) => {
    if (!file) return;
    const id = ++runId.current;
    setStage('importing');
    setProgress(null);
    setError(null);
    try {
      const res = await send('assets.import', { ...args(file), dryRun: false, skipInvalid });
      if (id !== runId.current) return;
      setDone(res);
      setStage('done');
      if (res.imported > 0) onImported(res);
    } catch (err) {
      const le = asLedgerError(err);
      setError({ text: errorText(le, lang), details: le.details ?? [] });
      setStage('preview');
    }
  };

  const downloadErrors = async (rejected: ErrorDetail[], onlyRejected: boolean) => {
    if (!file) return;
    setDownloading(true);
    try {
      downloadExport(await send('imports.errorSheet', { fileName: file.name, base64: file.base64, rejected, onlyRejected }));
    } catch (err) {
      const le = asLedgerError(err);
      setError({ text: errorText(le, lang), details: [] });
    } finally {
      setDownloading(false);
    }
  };

  const rejected = useMemo(() => done?.rejected ?? check?.rejected ?? error?.details ?? [], [done, check, error]);
  const badRows = useMemo(() => new Set(rejected.map((r) => r.row ?? 0)).size, [rejected]);
  const canImportAll = stage === 'preview' && !openingBad && !!check && check.imported > 0 && check.rejected.length === 0;
  const canImportValid = stage === 'preview' && !openingBad && !!check && check.imported > 0 && check.rejected.length > 0;

  const rejectedCols = useMemo<ColDef<ErrorDetail>[]>(
    () => [
      { field: 'row', headerName: t('assetImport.colRow'), width: 80, type: 'rightAligned' },
      { field: 'column', headerName: t('assetImport.colColumn'), width: 140 },
      { colId: 'message', headerName: t('assetImport.colReason'), flex: 1, minWidth: 300, valueGetter: (p) => (p.data ? vmsg(p.data.message, lang) : ''), tooltipValueGetter: (p) => (p.data ? vmsg(p.data.message, lang) : '') },
    ],
    [t, lang],
  );
  const previewRows = useMemo(() => (check?.preview ?? []).slice(0, PREVIEW_ROWS), [check]);
  const previewCols = useMemo<ColDef<Record<string, unknown>>[]>(() => {
    const money = (v: unknown) => (typeof v === 'number' ? formatMoney(v) : '');
    return [
      { field: 'row', headerName: t('assetImport.colRow'), width: 62, type: 'rightAligned' },
      { field: 'code', headerName: t('assets.code'), width: 104 },
      { field: 'name', headerName: t('assets.name'), width: 150 },
      { field: 'classCode', headerName: t('assets.classCode'), width: 96 },
      { field: 'bookedOn', headerName: t('assets.bookedOn'), width: 98 },
      { field: 'costFen', headerName: t('assetImport.cost'), width: 112, type: 'rightAligned', valueFormatter: (p) => money(p.value) },
      { field: 'openingAccumulatedFen', headerName: t('assetImport.accumulated'), width: 104, type: 'rightAligned', valueFormatter: (p) => money(p.value) },
      { field: 'lifeMonths', headerName: t('assets.lifeMonths'), width: 96, type: 'rightAligned' },
      { field: 'usingDeptCode', headerName: t('assets.usingDept'), width: 80 },
      { field: 'status', headerName: t('assets.status'), flex: 1, minWidth: 72 },
    ];
  }, [t]);

  const progressText = (() => {
    if (stage === 'reading') return t('assetImport.reading');
    if (!busy) return '';
    const head = stage === 'importing' ? t('assetImport.importing') : t('assetImport.checking');
    if (!progress) return head;
    const n = progress.done.toLocaleString('zh-CN');
    return `${head} ${progress.total > 0 && stage === 'importing' ? t('assetImport.wroteRows', { done: n, total: progress.total.toLocaleString('zh-CN') }) : t('assetImport.readRows', { n })}`;
  })();
  const percent = progress && progress.total > 0 && stage === 'importing' ? Math.round((progress.done / progress.total) * 100) : null;

  // Once rows are being written the dialog stays until the engine answers: closing it would not stop the import.
  const close = () => {
    if (stage !== 'importing') onClose();
  };

  return (
    <Dialog
      title={t('assetImport.title')}
      onClose={close}
      testId="asset-import-dialog"
      wide
      footer={
        stage === 'done' ? (
          <>
            {done && done.rejected.length > 0 && (
              <button type="button" className="btn" data-testid="asset-import-download-rest" disabled={downloading} onClick={() => void downloadErrors(done.rejected, done.imported > 0)}>
                ⇩ {t('assetImport.downloadRest')}
              </button>
            )}
            <div className="toolbar-spacer" />
            <button type="button" className="btn btn-primary" data-testid="asset-import-close" onClick={onClose}>
              {t('assetImport.close')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="btn" data-testid="asset-import-download" disabled={!file || rejected.length === 0 || busy || downloading} onClick={() => void downloadErrors(rejected, false)}>
              ⇩ {t('assetImport.downloadErrors')}
            </button>
            <div className="toolbar-spacer" />
            <button type="button" className="btn" data-testid="asset-import-cancel" disabled={stage === 'importing'} onClick={close}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn" data-testid="asset-import-valid" disabled={!canImportValid} onClick={() => void commit(true)}>
              {t('assetImport.importValid', { n: (check?.imported ?? 0).toLocaleString('zh-CN') })}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="asset-import-all"
              disabled={!canImportAll}
              title={check && check.rejected.length > 0 ? t('assetImport.importAllBlocked') : undefined}
              onClick={() => void commit(false)}
            >
              {t('assetImport.importAll')}
              {canImportAll ? `（${check!.imported.toLocaleString('zh-CN')}）` : ''}
            </button>
          </>
        )
      }
    >
      <div className="asset-import-setup">
        <label className="asset-import-field">
          <span>{t('assetImport.unit')}</span>
          <select data-testid="asset-import-unit" value={unitCode} disabled={busy || stage === 'done'} onChange={(e) => setUnitCode(e.target.value)}>
            <option value="">{t('assetImport.unitFromSheet')}</option>
            {units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.code} {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="asset-import-field">
          <span>{t('assetImport.openingPeriod')}</span>
          <input
            type="text"
            className={openingBad ? 'invalid' : undefined}
            data-testid="asset-import-opening"
            placeholder="YYYY-MM"
            size={10}
            value={openingText}
            disabled={busy || stage === 'done'}
            aria-invalid={openingBad}
            title={openingParsed && !openingParsed.ok ? vmsg(openingParsed.message, lang) : undefined}
            onChange={(e) => setOpeningText(e.target.value)}
          />
          {openingBad && openingParsed && !openingParsed.ok && (
            <span className="asset-import-invalid" data-testid="asset-import-opening-error">
              {vmsg(openingParsed.message, lang)}
            </span>
          )}
        </label>
        <div className="asset-import-field asset-import-file">
          <span>{t('assetImport.file')}</span>
          <button type="button" className="btn" data-testid="asset-import-choose" disabled={busy || stage === 'done'} onClick={() => inputRef.current?.click()}>
            {t('assetImport.choose')}
          </button>
          <span className={file ? 'asset-import-filename' : 'muted'} data-testid="asset-import-filename">
            {file?.name ?? t('assetImport.noFile')}
          </span>
          <input
            ref={inputRef}
            type="file"
            hidden
            data-testid="asset-import-input"
            accept=".xlsx,.xlsm,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
        </div>
        <div className="asset-import-hints muted">
          <div>{t('assetImport.openingHint')}</div>
          <div>{t('assetImport.accept')}</div>
        </div>
      </div>

      {busy && (
        <div className="asset-import-progress" data-testid="asset-import-progress" role="status" aria-live="polite">
          <div className="asset-import-bar">
            <div className={percent === null ? 'asset-import-bar-fill indeterminate' : 'asset-import-bar-fill'} style={percent === null ? undefined : { width: `${percent}%` }} />
          </div>
          <span>{progressText}</span>
          <span className="muted">{t('assetImport.elapsed', { s: elapsed })}</span>
        </div>
      )}

      {error && (
        <div className="form-error" data-testid="asset-import-error">
          {error.text}
        </div>
      )}

      {(check || done) && !busy && (
        <div className="asset-import-counts" data-testid="asset-import-summary">
          {done ? (
            <span className="count-ok" data-testid="asset-import-done">
              {done.rejected.length ? t('assetImport.doneSkipped', { n: done.imported.toLocaleString('zh-CN'), skipped: badRows.toLocaleString('zh-CN') }) : t('assetImport.done', { n: done.imported.toLocaleString('zh-CN') })}
            </span>
          ) : (
            <>
              <span className="count-ok" data-testid="asset-import-would">
                {t('assetImport.wouldImport', { n: check!.imported.toLocaleString('zh-CN') })}
              </span>
              {rejected.length > 0 ? (
                <span className="count-bad" data-testid="asset-import-rejected-count">
                  {t('assetImport.rejectedRows', { n: badRows.toLocaleString('zh-CN'), m: rejected.length.toLocaleString('zh-CN') })}
                </span>
              ) : (
                <span className="count-none">{t('assetImport.noProblems')}</span>
              )}
              {rejected.length > 0 && <span className="muted">{t('assetImport.allOrNothing')}</span>}
            </>
          )}
        </div>
      )}

      {rejected.length > 0 && !busy && (
        <div className="asset-import-section">
          <div className="asset-import-section-title">{t('assetImport.rejectedTitle')}</div>
          <div className="asset-import-grid asset-import-grid-rejected" data-testid="asset-import-rejected">
            <AgGridReact<ErrorDetail> theme={ledgerTheme} rowData={rejected} columnDefs={rejectedCols} defaultColDef={{ sortable: false, resizable: true }} tooltipShowDelay={300} animateRows={false} />
          </div>
        </div>
      )}

      {previewRows.length > 0 && !busy && !done && (
        <div className="asset-import-section">
          <div className="asset-import-section-title">{t('assetImport.previewTitle', { n: previewRows.length })}</div>
          <div className="asset-import-grid" data-testid="asset-import-preview">
            <AgGridReact<Record<string, unknown>> theme={ledgerTheme} rowData={previewRows} columnDefs={previewCols} defaultColDef={{ sortable: false, resizable: true }} animateRows={false} />
          </div>
        </div>
      )}
    </Dialog>
  );
}

/** The register's 导入 button: loads the units the user may import into and opens the dialog. */
export function AssetImportButton({ onImported }: { onImported: (result: ImportResult) => void }) {
  const { t } = useT();
  const [units, setUnits] = useState<UnitRow[] | null>(null);
  const [open, setOpen] = useState(false);
  const start = () => {
    setOpen(true);
    send('units.list', {}).then(setUnits, () => setUnits([]));
  };
  return (
    <>
      <button type="button" className="btn" data-testid="asset-import-button" onClick={start}>
        ⇪ {t('assetImport.button')}
      </button>
      {open && units && <AssetImportDialog units={units} onClose={() => setOpen(false)} onImported={onImported} />}
    </>
  );
}
