import Database from 'better-sqlite3';

// Every connection the engine opens (the ledger, backup copies, restore sources) must load the same
// native addon: inside Electron that is a build for Electron's ABI, given once at start-up.
let nativeBinding: string | undefined;

export function useNativeBinding(path: string | undefined): void {
  if (path) nativeBinding = path;
}

export function sqlite(file: string, opts: { readonly?: boolean; fileMustExist?: boolean } = {}): Database.Database {
  return new Database(file, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.fileMustExist ?? false,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
}
