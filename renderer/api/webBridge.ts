// LedgerBridge over HTTP, for when the page is served by the web host (db/hosts/web) instead of
// running inside Electron. Protocol: shared/api/transport.ts.
import type { EventName, LedgerEvents, Reply } from '../../shared/api';
import { WEB_API_CALL_PATH, WEB_API_EVENTS_PATH, WEB_SESSION_HEADER, type LedgerBridge } from '../../shared/api/transport';
import type { LedgerErrorJSON } from '../../shared/errors';

const TOKEN_KEY = 'ledger.launchToken';

/**
 * The launch token arrives once in the URL fragment (`#token=…`). Keep it for this tab only
 * (sessionStorage survives reloads, not new windows) and remove it from the address bar so it is
 * not left in history, bookmarks or screenshots.
 */
export function takeLaunchToken(): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  if (hash) {
    const params = new URLSearchParams(hash);
    const token = params.get('token');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
      params.delete('token');
      const rest = params.toString();
      const url = window.location.pathname + window.location.search + (rest ? `#${rest}` : '');
      window.history.replaceState(window.history.state, '', url);
    }
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function transportError(code: LedgerErrorJSON['code'], message: string, key: string): Reply<never> {
  return { ok: false, error: { code, message, key } };
}

type Listener = (payload: unknown) => void;

export function createWebBridge(): LedgerBridge {
  const token = takeLaunchToken();
  const listeners = new Map<string, Set<Listener>>();
  let streamAbort: AbortController | null = null;

  async function invoke(method: string, args: unknown, sessionId: string | null): Promise<Reply<unknown>> {
    if (!token) return transportError('UNAUTHENTICATED', '缺少访问令牌：请使用台账服务启动时显示的完整地址打开本页', 'error.NO_TOKEN');
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    if (sessionId) headers[WEB_SESSION_HEADER] = sessionId;
    let res: Response;
    try {
      res = await fetch(WEB_API_CALL_PATH, { method: 'POST', headers, body: JSON.stringify({ method, args: args ?? {} }) });
    } catch {
      return transportError('IO', '无法连接台账服务，请确认服务仍在运行', 'error.NETWORK');
    }
    if (res.status === 401) return transportError('UNAUTHENTICATED', '访问令牌无效：请使用台账服务启动时显示的完整地址重新打开', 'error.NO_TOKEN');
    if (res.status === 403) return transportError('FORBIDDEN', '请求被台账服务拒绝（来源不符）', 'error.FORBIDDEN');
    try {
      return (await res.json()) as Reply<unknown>;
    } catch {
      return transportError('IO', `台账服务返回了无法识别的应答（HTTP ${res.status}）`, 'error.NETWORK');
    }
  }

  function dispatch(event: string, data: string) {
    const set = listeners.get(event);
    if (!set || set.size === 0) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const cb of set) cb(payload);
  }

  /** Reads `text/event-stream` over fetch (EventSource cannot send the Authorization header). */
  async function runStream(ctrl: AbortController) {
    let delay = 1000;
    while (!ctrl.signal.aborted) {
      try {
        const res = await fetch(WEB_API_EVENTS_PATH, { headers: { authorization: `Bearer ${token ?? ''}`, accept: 'text/event-stream' }, signal: ctrl.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        delay = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let sep: number;
          while ((sep = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, sep);
            buffer = buffer.slice(sep + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'event') event = val;
              else if (field === 'data') data.push(val);
            }
            if (data.length) dispatch(event, data.join('\n'));
          }
        }
      } catch {
        if (ctrl.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  }

  function ensureStream() {
    if (streamAbort || !token) return;
    streamAbort = new AbortController();
    void runStream(streamAbort);
  }

  function maybeStopStream() {
    for (const set of listeners.values()) if (set.size) return;
    streamAbort?.abort();
    streamAbort = null;
  }

  return {
    invoke,
    on<E extends EventName>(event: E, cb: (payload: LedgerEvents[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = cb as Listener;
      set.add(l);
      ensureStream();
      return () => {
        set.delete(l);
        maybeStopStream();
      };
    },
  };
}
