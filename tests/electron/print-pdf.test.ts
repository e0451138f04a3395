// The print-to-PDF channel's pure checks: the suggested file name can never name a directory,
// and only our own main frame may ask.
import { describe, expect, it } from 'vitest';
import { IPC_INVOKE, IPC_PRINT_PDF, isTrustedSender, MAX_PDF_NAME_LENGTH, pdfFileName } from '../../electron/security';

describe('pdfFileName', () => {
  it.each([
    ['资产标签 2026-03-01', '资产标签 2026-03-01.pdf'],
    ['卡片.PDF', '卡片.PDF'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['C:\\Windows\\system32\\x', 'x.pdf'],
    ['..', '打印.pdf'],
    ['.hidden', 'hidden.pdf'],
    ['a<b>c:d"e|f?g*h', 'a_b_c_d_e_f_g_h.pdf'],
    ['tab\there\u0000', 'tab_here_.pdf'],
    ['', '打印.pdf'],
    [null, '打印.pdf'],
    [42, '打印.pdf'],
    ['dir/', '打印.pdf'],
  ])('%j → %j', (raw, name) => {
    expect(pdfFileName(raw)).toBe(name);
  });

  it('caps the length and keeps the extension', () => {
    const n = pdfFileName('长'.repeat(500));
    expect(n.length).toBe(MAX_PDF_NAME_LENGTH);
    expect(n.endsWith('.pdf')).toBe(true);
  });
});

describe('isTrustedSender', () => {
  it.each([
    [{ senderKnown: true, senderFrameUrl: 'app://bundle/index.html', senderIsMainFrame: true }, true],
    [{ senderKnown: false, senderFrameUrl: 'app://bundle/index.html', senderIsMainFrame: true }, false],
    [{ senderKnown: true, senderFrameUrl: 'app://bundle/index.html', senderIsMainFrame: false }, false],
    [{ senderKnown: true, senderFrameUrl: 'https://evil.example/', senderIsMainFrame: true }, false],
    [{ senderKnown: true, senderFrameUrl: null, senderIsMainFrame: true }, false],
  ])('%j → %s', (req, ok) => {
    expect(isTrustedSender(req)).toBe(ok);
  });

  it('is its own channel, not a method of ledger:invoke', () => {
    expect(IPC_PRINT_PDF).not.toBe(IPC_INVOKE);
  });
});
