import type { ReactNode } from 'react';

export function ScreenHeader({ title, crumbs, children }: { title: string; crumbs?: string; children?: ReactNode }) {
  return (
    <div className="screen-header">
      <div>
        {crumbs && <div className="crumbs">{crumbs}</div>}
        <h1>{title}</h1>
      </div>
      {children}
    </div>
  );
}
