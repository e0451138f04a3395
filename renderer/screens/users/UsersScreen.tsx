import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { userEditableFields } from '../../../shared/api/schemas';
import type { UnitRow, UserRow } from '../../../shared/api/types';
import { ROLES, ROLE_LABELS, type Role } from '../../../shared/auth/roles';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { boolColumn, codeColumn, dateTimeColumn, enumColumn, textColumn, type GridColumn } from '../../grid/columns';
import { LedgerGrid, type BatchOp, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { ScreenHeader } from '../ScreenHeader';
import { runExport, useLoader } from '../useLoader';
import { AddUserDialog, ResetPasswordDialog } from './UserDialogs';

export function UsersScreen() {
  const { t, lang } = useT();
  const session = useSession();
  const canManage = session.can('users.manage');
  const grid = useRef<LedgerGridHandle<UserRow>>(null);
  const { rows, error, reload } = useLoader(useCallback(() => send('users.list'), []));
  const [units, setUnits] = useState<UnitRow[]>([]);
  const [selected, setSelected] = useState<UserRow | null>(null);
  const [dialog, setDialog] = useState<'add' | 'reset' | null>(null);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  useEffect(() => {
    send('units.list', {})
      .then((u) => setUnits(u.sort((a, b) => a.code.localeCompare(b.code))))
      .catch(() => setUnits([]));
  }, []);

  const roleLabel = useCallback((r: Role) => t(`roles.${r}`), [t]);

  const columns = useMemo<GridColumn<UserRow>[]>(
    () => [
      codeColumn<UserRow>('username', t('users.username'), { editable: false, width: 130 }),
      textColumn<UserRow>('displayName', t('users.displayName'), { editable: true, schema: userEditableFields.shape.displayName, width: 140 }),
      enumColumn<UserRow, Role>('role', t('users.role'), ROLES, roleLabel, {
        editable: true,
        schema: userEditableFields.shape.role,
        width: 150,
        alsoAccept: (r) => [ROLE_LABELS[r]],
      }),
      codeColumn<UserRow>('unitCode', t('users.unitCode'), { editable: true, schema: userEditableFields.shape.unitCode }),
      textColumn<UserRow>('unitName', t('users.unitName'), { editable: false, flex: 1, minWidth: 160 }),
      boolColumn<UserRow>('disabled', t('users.disabled'), { editable: true, schema: userEditableFields.shape.disabled }),
      dateTimeColumn<UserRow>('lockedUntil', t('users.lockedUntil'), { colDef: { cellClassRules: { 'cell-warn': (p) => !!p.value && Date.parse(String(p.value)) > Date.now() } } }),
      dateTimeColumn<UserRow>('lastLoginAt', t('users.lastLoginAt')),
    ],
    [t, roleLabel],
  );

  const batch = useCallback((ops: BatchOp[]) => send('users.batch', { ops: ops as never }), []);

  const unlock = async () => {
    const u = grid.current?.selected() ?? selected;
    if (!u) return grid.current?.notify(t('users.selectFirst'), 'error');
    try {
      const row = await send('users.unlock', { id: u.id, version: u.version });
      grid.current?.applyRows([row]);
      setSelected(row);
      grid.current?.notify(t('users.unlockDone', { name: row.displayName }), 'success');
    } catch (err) {
      grid.current?.showError(err);
    }
  };

  const locked = !!selected?.lockedUntil && Date.parse(selected.lockedUntil) > Date.now();

  return (
    <div className="screen">
      <ScreenHeader title={t('users.title')} crumbs={`${t('nav.settings')} › ${t('users.title')}`} />
      <LedgerGrid<UserRow>
        ref={grid}
        testId="grid-users"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={canManage}
        batch={batch}
        reload={reload}
        selectable
        onSelect={setSelected}
        actions={
          <>
            {canManage && (
              <>
                <button type="button" className="btn btn-primary" data-testid="user-add" onClick={() => setDialog('add')}>
                  ＋ {t('users.add')}
                </button>
                <button type="button" className="btn" data-testid="user-reset-password" disabled={!selected} title={selected ? undefined : t('users.selectFirst')} onClick={() => setDialog('reset')}>
                  {t('users.resetPassword')}
                </button>
                <button type="button" className="btn" data-testid="user-unlock" disabled={!selected || !locked} title={!selected ? t('users.selectFirst') : locked ? undefined : t('users.notLocked')} onClick={() => void unlock()}>
                  {t('users.unlock')}
                </button>
              </>
            )}
            <button type="button" className="btn" data-testid="export-button" disabled={exporting} onClick={() => void runExport(setExporting, grid.current, () => send('users.export'), t)}>
              ⇩ {t('users.export')}
            </button>
          </>
        }
      />
      {dialog === 'add' && (
        <AddUserDialog
          units={units}
          lang={lang}
          onClose={() => setDialog(null)}
          onAdded={(row) => {
            setDialog(null);
            grid.current?.applyRows([row]);
            grid.current?.notify(t('users.added', { name: row.displayName }), 'success');
          }}
        />
      )}
      {dialog === 'reset' && selected && (
        <ResetPasswordDialog
          user={selected}
          onClose={() => setDialog(null)}
          onDone={(row) => {
            setDialog(null);
            grid.current?.applyRows([row]);
            setSelected(row);
            grid.current?.notify(t('users.resetDone', { name: row.displayName }), 'success');
          }}
          onError={(err) => grid.current?.showError(asLedgerError(err))}
        />
      )}
    </div>
  );
}
