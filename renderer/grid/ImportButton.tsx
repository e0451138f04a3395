// Import from .xlsx/.csv: choose a file → dry run → preview (would-import count, every rejected
// row with its row number, column and reason) → confirm (all-or-nothing, or only the valid rows).
import { useCallback, useRef, useState } from 'react';
import type { ImportResult } from '../../shared/api/types';
import { asLedgerError, send } from '../api/client';
import { Dialog } from '../components/Dialog';
import { errorText, useT, vmsg } from '../i18n';
import { fileToBase64 } from './files';

export type ImportMethod = 'units.import' | 'departments.import';

interface Props {
  method?: ImportMethod;
  /** Instead of `method`: the import call itself (e.g. `counts.importChecklist` with the count's id). */
  run?: (args: { fileName: string; base64: string; dryRun: boolean; skipInvalid: boolean }) => Promise<ImportResult>;
  /** Button text (default 导入) and the test ids' prefix (default `import`: import-button, import-file). */
  label?: string;
  testIdPrefix?: string;
  /** What is imported, for the title (单位 / 科室). */
  what: string;
  /** field → column header, for the preview table. */
  headers: Record<string, string>;
  disabled?: boolean;
  onImported: (result: ImportResult) => void;
}

const PREVIEW_ROWS = 20;

export function ImportButton({ method, run, label, testIdPrefix = 'import', what, headers, disabled, onImported }: Props) {
  const { t, lang } = useT();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [open, setOpen] = useState(false);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ text: string; details: { row?: number; column?: string; field?: string; message: string }[] } | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);

  const close = useCallback(() => {
    setOpen(false);
    setFile(null);
    setCheck(null);
    setError(null);
    setSkipInvalid(false);
    if (inputRef.current) inputRef.current.value = '';
  }, []);

  const onFile = async (f: File | undefined) => {
    if (!f) return;
    setOpen(true);
    setCheck(null);
    setError(null);
    setBusy(t('import.checking'));
    try {
      const base64 = await fileToBase64(f);
      setFile({ name: f.name, base64 });
      const args = { fileName: f.name, base64, dryRun: true, skipInvalid: false };
      const res = run ? await run(args) : await send(method!, args);
      setCheck(res);
    } catch (err) {
      const le = asLedgerError(err);
      setError({ text: errorText(le, lang), details: le.details ?? [] });
    } finally {
      setBusy(null);
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  const confirm = async () => {
    if (!file) return;
    setBusy(t('import.importing'));
    setError(null);
    try {
      const args = { fileName: file.name, base64: file.base64, dryRun: false, skipInvalid };
      const res = run ? await run(args) : await send(method!, args);
      onImported(res);
      close();
    } catch (err) {
      const le = asLedgerError(err);
      setError({ text: errorText(le, lang), details: le.details ?? [] });
    } finally {
      setBusy(null);
    }
  };

  const rejected = check?.rejected ?? [];
  const canConfirm = !!check && !busy && check.imported > 0 && (rejected.length === 0 || skipInvalid);
  const previewRows = (check?.preview ?? []).slice(0, PREVIEW_ROWS);
  const previewKeys = previewRows.length ? Object.keys(previewRows[0]!).filter((k) => k in headers) : [];
  const problemRows = rejected.length ? rejected : (error?.details ?? []);

  return (
    <>
      <button type="button" className="btn" data-testid={`${testIdPrefix}-button`} disabled={disabled} onClick={() => inputRef.current?.click()}>
        ⇪ {label ?? t('grid.import')}
      </button>
      <input
        ref={inputRef}
        type="file"
        hidden
        data-testid={`${testIdPrefix}-file`}
        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      {open && (
        <Dialog
          title={t('import.title', { what })}
          onClose={close}
          testId="import-dialog"
          wide
          footer={
            <>
              {check && rejected.length > 0 && (
                <label className="checkbox import-skip">
                  <input type="checkbox" data-testid="import-skip-invalid" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
                  {t('import.skipInvalid')}
                </label>
              )}
              <div className="toolbar-spacer" />
              <button type="button" className="btn" onClick={() => inputRef.current?.click()} disabled={!!busy}>
                {t('import.choose')}
              </button>
              <button type="button" className="btn" onClick={close}>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn btn-primary" data-testid="import-confirm" disabled={!canConfirm} onClick={() => void confirm()}>
                {t('import.confirm')}
                {check && canConfirm ? `（${check.imported}）` : ''}
              </button>
            </>
          }
        >
          <div className="import-summary" data-testid="import-summary">
            {file && <div className="import-file">{file.name}</div>}
            {busy && <div className="import-busy">{busy}</div>}
            {check && (
              <div className="import-counts">
                <span className="count-ok" data-testid="import-would">
                  {t('import.wouldImport', { n: check.imported })}
                </span>
                {rejected.length > 0 ? (
                  <span className="count-bad" data-testid="import-rejected-count">
                    {t('import.rejectedCount', { n: new Set(rejected.map((r) => r.row ?? 0)).size })}
                  </span>
                ) : (
                  <span className="count-none">{t('import.noProblems')}</span>
                )}
              </div>
            )}
            {check && rejected.length > 0 && !skipInvalid && <div className="import-note">{t('import.allOrNothing')}</div>}
            {error && (
              <div className="form-error" data-testid="import-error">
                {error.text}
              </div>
            )}
          </div>
          {problemRows.length > 0 && (
            <div className="import-table-wrap">
              <table className="data-table" data-testid="import-rejected">
                <thead>
                  <tr>
                    <th className="num">{t('import.colRow')}</th>
                    <th>{t('import.colColumn')}</th>
                    <th>{t('import.colReason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {problemRows.map((r, i) => (
                    <tr key={i}>
                      <td className="num">{r.row ?? ''}</td>
                      <td>{r.column ?? (r.field ? (headers[r.field] ?? r.field) : '')}</td>
                      <td>{vmsg(r.message, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {previewKeys.length > 0 && (
            <div className="import-table-wrap">
              <div className="import-preview-title">{t('import.preview', { n: previewRows.length })}</div>
              <table className="data-table" data-testid="import-preview">
                <thead>
                  <tr>
                    {previewKeys.map((k) => (
                      <th key={k}>{headers[k]}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {previewRows.map((r, i) => (
                    <tr key={i}>
                      {previewKeys.map((k) => (
                        <td key={k}>{r[k] === null || r[k] === undefined ? '' : String(r[k])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Dialog>
      )}
    </>
  );
}
