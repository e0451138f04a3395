import m001 from './001_organisation';

/** Numbered migrations; `PRAGMA user_version` records how many have been applied. */
export const MIGRATIONS: readonly string[] = [m001];
export const SCHEMA_VERSION = MIGRATIONS.length;
