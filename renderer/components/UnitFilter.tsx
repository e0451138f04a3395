// The unit filter of a screen's toolbar, and the units the user may see, shared by the screens
// that list rows of several units (科室, 人员名册, 聘用).
import { useEffect, useState } from 'react';
import type { UnitRow } from '../../shared/api/types';
import { send } from '../api/client';

/** Units the user may see (for selects), loaded once per screen. */
export function useUnits(): UnitRow[] {
  const [units, setUnits] = useState<UnitRow[]>([]);
  useEffect(() => {
    send('units.list', {}).then(setUnits, () => undefined);
  }, []);
  return units;
}

/** A toolbar filter by unit: every unit in `units` as `code name`, or all of them (''), labelled `allLabel`. */
export function UnitFilter({ testId, label, allLabel, units, value, onChange }: { testId: string; label: string; allLabel: string; units: UnitRow[]; value: string; onChange: (code: string) => void }) {
  return (
    <label className="toolbar-field">
      {label}
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {units.map((u) => (
          <option key={u.code} value={u.code}>
            {u.code} {u.name}
          </option>
        ))}
      </select>
    </label>
  );
}
