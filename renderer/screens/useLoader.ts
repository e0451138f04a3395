import { useCallback, useRef, useState } from 'react';
import type { ExportResult } from '../../shared/api/types';
import { downloadExport } from '../grid/files';
import type { LedgerGridHandle } from '../grid/LedgerGrid';

/** Rows of a screen: null while loading, the error if loading failed, and a reload that resolves when done. */
export function useLoader<R>(load: () => Promise<R[]>) {
  const [rows, setRows] = useState<R[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const r = await load();
      if (mine !== seq.current) return;
      setRows(r);
      setError(null);
    } catch (err) {
      if (mine !== seq.current) return;
      setError(err);
      throw err;
    }
  }, [load]);
  return { rows, setRows, error, reload };
}

/** Run an export call and save the file; progress and outcome go to the grid's status bar. */
export async function runExport<R>(
  setBusy: (b: boolean) => void,
  grid: LedgerGridHandle<R> | null,
  call: () => Promise<ExportResult>,
  t: (k: string, o?: Record<string, unknown>) => string,
): Promise<void> {
  setBusy(true);
  grid?.notify(t('common.working'), 'working');
  try {
    const res = await call();
    downloadExport(res);
    grid?.notify(t('grid.exported', { file: res.fileName }), 'success');
  } catch (err) {
    grid?.showError(err);
  } finally {
    setBusy(false);
  }
}
