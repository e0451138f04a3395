import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

/** A labelled form input with an optional hint and error line. */
export function Field(props: { label: string; hint?: ReactNode; error?: string | null; testId?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const { label, hint, error, testId, ...input } = props;
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} data-testid={testId} aria-invalid={!!error} {...input} />
      {error ? <div className="field-error">{error}</div> : hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

export function SelectField(props: { label: string; hint?: ReactNode; error?: string | null; testId?: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error ? <div className="field-error">{props.error}</div> : props.hint ? <div className="field-hint">{props.hint}</div> : null}
    </div>
  );
}
