// The print preview: a full-window overlay with the document's sheets at real size and a toolbar
// (the document's own options, 打印, 导出 PDF on the desktop, 关闭). Printing — window.print() in
// the browser, webContents.printToPDF in Electron, page.pdf() in tests — sees only the sheets:
// print.css hides the app behind the overlay, and the @page rule here sets the paper size.
import { useEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { LedgerBridge } from '../../../shared/api/transport';
import { useT } from '../../i18n';
import { safeFileName } from './layout';
import './print.css';

export interface PrintPreviewProps {
  title: string;
  /** Suggested PDF file name (without or with .pdf). */
  fileName: string;
  /** CSS `@page` size, e.g. 'A4 portrait', 'A4 landscape', '60mm 40mm'. */
  pageSize: string;
  /** The document's options, shown in the toolbar. */
  options?: ReactNode;
  /** Status text (e.g. "21 张标签，1 页"), or an error. */
  status?: ReactNode;
  busy?: boolean;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

function desktopPdf(): LedgerBridge['printToPdf'] | undefined {
  const bridge = (window as unknown as { ledger?: LedgerBridge }).ledger;
  return bridge?.printToPdf ? bridge.printToPdf.bind(bridge) : undefined;
}

export function PrintPreview({ title, fileName, pageSize, options, status, busy, onClose, children, testId = 'print-preview' }: PrintPreviewProps) {
  const { t } = useT();
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);
  const toPdf = desktopPdf();

  useEffect(() => {
    document.body.classList.add('print-mode');
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      document.body.classList.remove('print-mode');
      window.removeEventListener('keydown', onKey);
    };
  }, [onClose]);

  const savePdf = async () => {
    if (!toPdf) return;
    setNote({ text: t('print.savingPdf') });
    try {
      const res = await toPdf({ fileName: safeFileName(fileName) });
      if (!res.ok) setNote({ text: res.message, error: true });
      else setNote(res.saved ? { text: t('print.savedPdf', { file: res.saved }) } : null);
    } catch (err) {
      setNote({ text: err instanceof Error ? err.message : String(err), error: true });
    }
  };

  return createPortal(
    <div className="print-overlay" data-testid={testId} role="dialog" aria-label={title}>
      <style>{`@page { size: ${pageSize}; margin: 0; }`}</style>
      <div className="print-toolbar">
        <span className="print-toolbar-title">{title}</span>
        {options}
        <span className="toolbar-spacer" style={{ flex: 1 }} />
        {(note || status) && (
          <span className={`print-toolbar-status${note?.error ? ' error' : ''}`} data-testid="print-status">
            {note?.text ?? status}
          </span>
        )}
        <button type="button" className="btn btn-primary" data-testid="print-go" disabled={busy} title={toPdf ? undefined : t('print.printHint')} onClick={() => window.print()}>
          {t('print.print')}
        </button>
        {toPdf && (
          <button type="button" className="btn" data-testid="print-pdf" disabled={busy} onClick={() => void savePdf()}>
            {t('print.savePdf')}
          </button>
        )}
        <button type="button" className="btn" data-testid="print-close" onClick={onClose}>
          {t('print.close')}
        </button>
      </div>
      <div className="print-document" data-testid="print-document">
        {children}
      </div>
    </div>,
    document.body,
  );
}
