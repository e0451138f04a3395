import { LedgerError, type ErrorDetail } from '../../shared/errors';

/** A batch with any bad row is refused whole, listing every problem (the transaction rolls back). */
export function throwIfProblems(problems: ErrorDetail[], what: string): void {
  if (!problems.length) return;
  const first = problems[0]!;
  throw new LedgerError('VALIDATION', `${what}有 ${problems.length} 处错误，未保存任何修改。${first.row ? `第 ${first.row} 行：` : ''}${first.message}`, {
    key: 'error.batchRejected',
    params: { count: problems.length },
    details: problems,
  });
}
