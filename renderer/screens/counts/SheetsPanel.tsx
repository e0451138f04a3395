// 盘点表与清单: for counting offline — per location, the printable count sheet with QR codes and the
// .xlsx checklist a counter fills in; and the import of a filled checklist (.xlsx, or a GB18030 /
// UTF-8 .csv) through the usual dry run → preview of rejected rows → confirm.
import { useState } from 'react';
import type { CountDetail, CountResultRow } from '../../../shared/api/counts';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { formatDateTime } from '../../format';
import { downloadExport } from '../../grid/files';
import { ImportButton } from '../../grid/ImportButton';
import { errorText, useT } from '../../i18n';
import { PrintPreview } from '../print/PrintPreview';
import { CountSheets, countSheetPages } from './CountSheet';
import { deviceName } from './ScanPanel';

/** More rows than this are not put in one preview (hundreds of pages): print location by location. */
export const MAX_SHEET_ROWS = 3000;

export function SheetsPanel({ count, onChanged }: { count: CountDetail; onChanged: () => Promise<void> }) {
  const { t, lang } = useT();
  const session = useSession();
  const canWrite = session.can('assets.write') && count.status === 'open';
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [printing, setPrinting] = useState<{ location: string | null; rows: CountResultRow[] } | null>(null);

  const fail = (err: unknown) => setNote({ text: errorText(asLedgerError(err), lang), error: true });

  const exportChecklist = async (location: string | null) => {
    setBusy(true);
    try {
      const r = await send('counts.exportChecklist', location === null ? { id: count.id } : { id: count.id, location });
      downloadExport(r);
      setNote({ text: t('grid.exported', { file: r.fileName }) });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const print = async (location: string | null) => {
    setBusy(true);
    try {
      const rows = await send('counts.results', location === null ? { id: count.id } : { id: count.id, location });
      if (rows.length > MAX_SHEET_ROWS) {
        setNote({ text: t('counts.sheetTooLong', { n: rows.length, max: MAX_SHEET_ROWS }), error: true });
        return;
      }
      setPrinting({ location, rows });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const located = count.byLocation;
  return (
    <div className="count-sheets grid-panel" data-testid="count-sheets">
      <div className="grid-toolbar">
        <button type="button" className="btn btn-primary" data-testid="sheet-print-all" disabled={busy} onClick={() => void print(null)}>
          {t('counts.printAll')}
        </button>
        <button type="button" className="btn" data-testid="checklist-export-all" disabled={busy} onClick={() => void exportChecklist(null)}>
          {t('counts.exportChecklist')}
        </button>
        {canWrite && (
          <ImportButton
            testIdPrefix="checklist-import"
            label={t('counts.importChecklist')}
            what={t('counts.checklist')}
            headers={{ row: t('import.colRow'), code: t('counts.code'), result: t('counts.result'), actualLocation: t('counts.actualLocation'), actualUser: t('counts.actualUser'), actualStatus: t('counts.actualStatus'), name: t('counts.assetName'), model: t('counts.model'), location: t('counts.actualLocation'), description: t('counts.description') }}
            run={(args) => send('counts.importChecklist', { id: count.id, counter: session.user.displayName, device: deviceName(), ...args })}
            onImported={(r) => {
              setNote({ text: t('counts.imported', { found: (r as { found?: number }).found ?? 0, missing: (r as { missing?: number }).missing ?? 0, surplus: (r as { surplus?: number }).surplus ?? 0, skipped: r.rejected.length }) });
              void onChanged();
            }}
          />
        )}
        <span className="toolbar-spacer" />
        {note && (
          <span className={note.error ? 'tally-failed' : 'muted'} data-testid="sheets-note">
            {note.text}
          </span>
        )}
      </div>
      <div className="sharing-hint muted">{t('counts.sheetsHint')}</div>
      <div className="count-sheets-body">
        <table className="data-table" data-testid="sheet-locations">
          <thead>
            <tr>
              <th>{t('counts.bookLocation')}</th>
              <th className="num">{t('counts.expected')}</th>
              <th className="num">{t('counts.counted')}</th>
              <th className="num">{t('counts.sheetPages')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {located.map((l) => (
              <tr key={l.location ?? ''} data-testid="sheet-location" data-location={l.location ?? ''}>
                <td>{l.location ?? t('counts.noLocation')}</td>
                <td className="num">{l.expected}</td>
                <td className="num">{l.counted}</td>
                <td className="num">{countSheetPages(Array.from({ length: l.expected }, () => ({ bookLocation: l.location }) as CountResultRow)).length}</td>
                <td className="count-sheet-actions">
                  {l.location !== null && (
                    <>
                      <button type="button" className="btn btn-small" data-testid="sheet-print" disabled={busy} onClick={() => void print(l.location)}>
                        {t('counts.printSheet')}
                      </button>
                      <button type="button" className="btn btn-small" data-testid="checklist-export" disabled={busy} onClick={() => void exportChecklist(l.location)}>
                        {t('counts.exportChecklistShort')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {printing && (
        <PrintPreview
          title={`资产盘点表 ${count.no}${printing.location ? ` · ${printing.location}` : ''}`}
          fileName={`资产盘点表 ${count.no}${printing.location ? ` ${printing.location}` : ''}`}
          pageSize="A4 portrait"
          status={t('counts.sheetStatus', { n: printing.rows.length, pages: countSheetPages(printing.rows).length })}
          onClose={() => setPrinting(null)}
          testId="count-sheet-preview"
        >
          <CountSheets count={count} rows={printing.rows} communityName={session.communityName ?? ''} printedAt={formatDateTime(new Date().toISOString())} />
        </PrintPreview>
      )}
    </div>
  );
}
