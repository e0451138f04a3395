// 扫码盘点: the scan field. A barcode scanner types a code and presses Enter (or Tab), up to 20
// times a second. The field is uncontrolled (no React state per keystroke), keeps the focus, and
// on Enter hands the code to the ScanQueue at once; one sender loop posts whatever has queued up
// as a `counts.scan` batch, never awaiting a call before the next keystrokes are accepted. The
// running list shows each scan's state (排队 → 已盘到 / 重复扫描 / 未在账), and a short coloured
// flash (no sound) tells the counter what the last batch was.
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { CountDetail } from '../../../shared/api/counts';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { errorText, useT } from '../../i18n';
import { ScanQueue, type ScanItem, type ScanState } from './scan-queue';

/** Largest batch sent in one call (the engine takes up to 2,000). */
const BATCH = 500;
/** Rows shown in the running list (the count itself keeps every scan). */
const SHOWN = 200;
const MAX_CODE = 100;
const REDRAW_MS = 60;
const DEVICE_KEY = 'ledger.countDevice';

/** This browser's device name for the counter list (kept between sessions). */
export function deviceName(): string {
  try {
    let d = localStorage.getItem(DEVICE_KEY);
    if (!d) {
      d = `终端-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
      localStorage.setItem(DEVICE_KEY, d);
    }
    return d;
  } catch {
    return '终端';
  }
}

const isField = (el: Element | null) => !!el && (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement || el instanceof HTMLButtonElement || !!el.closest('dialog'));

type FlashKind = 'expected' | 'duplicate' | 'unknown' | 'failed';
const WORST: FlashKind[] = ['failed', 'unknown', 'duplicate', 'expected'];

export function ScanPanel({ count, onProgress, onIdentify, onChanged }: { count: CountDetail; onProgress: (counted: number) => void; onIdentify: () => void; onChanged: () => Promise<void> }) {
  const { t, lang } = useT();
  const session = useSession();
  const canWrite = session.can('assets.write');
  const open = count.status === 'open';
  const inputRef = useRef<HTMLInputElement>(null);
  const queueRef = useRef<ScanQueue>(null as unknown as ScanQueue);
  if (!queueRef.current) queueRef.current = new ScanQueue();
  const sending = useRef(false);
  const [, setTick] = useState(0);
  const [flash, setFlash] = useState<{ kind: FlashKind; n: number; text: string } | null>(null);
  const [counter, setCounter] = useState(session.user.displayName);
  const [device] = useState(deviceName);
  const [keepFocus, setKeepFocus] = useState(true);
  const [offline, setOffline] = useState<string | null>(null);
  const counterRef = useRef(counter);
  counterRef.current = counter;
  // Redraws are coalesced (at most one every REDRAW_MS): during a burst the main thread stays free
  // for the keystrokes, and the list catches up a moment later.
  const redraw = useRef<ReturnType<typeof setTimeout> | null>(null);
  const rerender = useCallback(() => {
    if (redraw.current) return;
    redraw.current = setTimeout(() => {
      redraw.current = null;
      setTick((n) => n + 1);
    }, REDRAW_MS);
  }, []);
  useEffect(
    () => () => {
      if (redraw.current) clearTimeout(redraw.current);
    },
    [],
  );

  const pump = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    const q = queueRef.current;
    let counted: number | null = null;
    try {
      for (;;) {
        const batch = q.take(BATCH);
        if (batch.length === 0) break;
        rerender();
        try {
          const r = await send('counts.scan', { id: count.id, counter: counterRef.current || null, device, scans: batch.map((i) => ({ code: i.code, at: i.at, clientId: i.clientId })) });
          q.settle(batch, r.outcomes);
          setOffline(null);
          counted = r.counted;
          const kinds = new Set(batch.map((i) => i.state));
          const kind = WORST.find((k) => kinds.has(k)) ?? 'expected';
          const last = batch[batch.length - 1]!;
          setFlash((f) => ({ kind, n: (f?.n ?? 0) + 1, text: `${last.code}${last.name ? ` ${last.name}` : ''}：${t(`counts.scanStates.${last.state}`)}` }));
        } catch (err) {
          const le = asLedgerError(err);
          if (le.code === 'IO' || le.code === 'INTERNAL') {
            // Not delivered (or the answer was lost): back to the front, resent with the same client ids.
            q.requeue(batch);
            setOffline(errorText(le, lang));
            rerender();
            await new Promise((res) => setTimeout(res, 1500));
            continue;
          }
          q.fail(batch, errorText(le, lang));
          setFlash((f) => ({ kind: 'failed', n: (f?.n ?? 0) + 1, text: errorText(le, lang) }));
        }
        rerender();
      }
    } finally {
      sending.current = false;
      if (counted !== null) onProgress(counted);
    }
  }, [count.id, device, lang, onProgress, rerender, t]);

  const accept = (input: HTMLInputElement) => {
    const raw = input.value;
    input.value = '';
    const item = queueRef.current.enqueue(raw);
    if (!item) return;
    if (item.code.length > MAX_CODE) {
      queueRef.current.fail([item], t('counts.codeTooLong', { max: MAX_CODE }));
    }
    rerender();
    void pump();
  };

  // The hot path bypasses React: a native keydown listener on the input, and the key and input
  // events stop at the input, so a burst of keystrokes costs the page as little as possible.
  const acceptRef = useRef(accept);
  acceptRef.current = accept;
  useEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      e.stopPropagation();
      if (e.isComposing) return;
      if (e.key === 'Enter' || (e.key === 'Tab' && el.value.trim() !== '')) {
        e.preventDefault();
        acceptRef.current(el);
      }
    };
    const stop = (e: Event) => e.stopPropagation();
    const quiet = ['keypress', 'keyup', 'input', 'beforeinput'] as const;
    el.addEventListener('keydown', onKey);
    for (const k of quiet) el.addEventListener(k, stop);
    return () => {
      el.removeEventListener('keydown', onKey);
      for (const k of quiet) el.removeEventListener(k, stop);
    };
  }, []);

  // Keep the focus in the field: a click elsewhere on the page (not on another control) returns it.
  const onBlur = () => {
    if (!keepFocus) return;
    setTimeout(() => {
      const a = document.activeElement;
      if (!isField(a) && inputRef.current && !document.querySelector('.print-overlay')) inputRef.current.focus();
    }, 0);
  };
  useEffect(() => {
    inputRef.current?.focus();
  }, []);
  // Leaving the tab with scans still queued: the list comes back, and so does the sender.
  useEffect(() => () => void onChanged(), [onChanged]);

  const q = queueRef.current;
  const tally = q.tally();
  const shown = q.latest(SHOWN);
  const disabled = !open || !canWrite;

  return (
    <div className="count-scan" data-testid="count-scan" onClick={(e) => keepFocus && !disabled && !isField(e.target as Element) && window.getSelection()?.toString() === '' && inputRef.current?.focus()}>
      <div className="count-scan-head">
        <div className="count-scan-field">
          {/* The flash: restarted by its key on every answered batch; the input itself is never re-mounted. */}
          {flash && <div className={`count-scan-flash flash-${flash.kind}`} key={flash.n} data-testid="scan-flash" data-kind={flash.kind} aria-hidden />}
          <label htmlFor="count-scan-input">{t('counts.scanLabel')}</label>
          <input
            id="count-scan-input"
            ref={inputRef}
            data-testid="scan-input"
            type="text"
            autoComplete="off"
            autoCorrect="off"
            spellCheck={false}
            inputMode="text"
            disabled={disabled}
            placeholder={disabled ? (open ? t('counts.noPermission') : t('counts.closedNoScan')) : t('counts.scanPlaceholder')}
            onBlur={onBlur}
          />
          <div className="count-scan-last" data-testid="scan-last">
            {flash?.text ?? t('counts.scanHint')}
          </div>
        </div>
        <div className="count-scan-side">
          <label className="toolbar-field">
            {t('counts.counter')}
            <input type="text" data-testid="scan-counter" value={counter} onChange={(e) => setCounter(e.target.value)} maxLength={50} />
          </label>
          <span className="muted">
            {t('counts.device')}：{device}
          </span>
          <label className="checkbox">
            <input type="checkbox" checked={keepFocus} onChange={(e) => setKeepFocus(e.target.checked)} data-testid="scan-keep-focus" />
            {t('counts.keepFocus')}
          </label>
        </div>
      </div>
      <div className="count-scan-tally" data-testid="scan-tally">
        <span>
          {t('counts.tally.total')} <b data-testid="scan-total">{tally.total}</b>
        </span>
        <span className="tally-expected">
          {t('counts.scanStates.expected')} <b data-testid="scan-expected">{tally.expected}</b>
        </span>
        <span className="tally-duplicate">
          {t('counts.scanStates.duplicate')} <b data-testid="scan-duplicate">{tally.duplicate}</b>
        </span>
        <span className="tally-unknown">
          {t('counts.scanStates.unknown')} <b data-testid="scan-unknown">{tally.unknown}</b>
        </span>
        <span>
          {t('counts.tally.pending')} <b data-testid="scan-pending">{tally.pending}</b>
        </span>
        {tally.failed > 0 && (
          <span className="tally-failed">
            {t('counts.scanStates.failed')} <b data-testid="scan-failed">{tally.failed}</b>
          </span>
        )}
        {offline && <span className="tally-failed">{t('counts.retrying', { error: offline })}</span>}
        {tally.unknown > 0 && (
          <button type="button" className="btn btn-small" data-testid="scan-identify" onClick={onIdentify}>
            {t('counts.identify')}
          </button>
        )}
      </div>
      <div className="count-scan-list-wrap">
        <table className="data-table count-scan-list" data-testid="scan-list">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>{t('counts.code')}</th>
              <th>{t('counts.scanState')}</th>
              <th>{t('counts.assetName')}</th>
              <th>{t('counts.bookLocation')}</th>
              <th>{t('counts.bookUser')}</th>
              <th>{t('counts.scannedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => (
              <ScanRow key={i.seq} seq={i.seq} code={i.code} state={i.state} name={i.name} location={i.location} userName={i.userName} error={i.error} at={i.at} />
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <div className="muted count-scan-empty">{t('counts.scanEmpty')}</div>}
        {q.items.length > SHOWN && <div className="muted">{t('counts.scanMore', { n: q.items.length - SHOWN })}</div>}
      </div>
    </div>
  );
}

const ScanRow = memo(function ScanRow(item: Omit<ScanItem, 'clientId'>) {
  const { t } = useT();
  return (
    <tr className={`scan-row scan-${item.state}`} data-testid="scan-row" data-code={item.code} data-state={item.state}>
      <td className="num">{item.seq}</td>
      <td className="cell-code">{item.code}</td>
      <td>
        <span className={`scan-badge scan-badge-${item.state}`}>{t(`counts.scanStates.${item.state satisfies ScanState}`)}</span>
        {item.state === 'unknown' && <span className="muted"> {t('counts.toIdentify')}</span>}
        {item.error && <span className="tally-failed"> {item.error}</span>}
      </td>
      <td>{item.name ?? ''}</td>
      <td>{item.location ?? ''}</td>
      <td>{item.userName ?? ''}</td>
      <td className="muted">{new Date(item.at).toLocaleTimeString('zh-CN', { hour12: false })}</td>
    </tr>
  );
});
