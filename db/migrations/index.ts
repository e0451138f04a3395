import m001 from './001_organisation';
import m002 from './002_assets';

/** Numbered migrations; `PRAGMA user_version` records how many have been applied. */
export const MIGRATIONS: readonly string[] = [m001, m002];
export const SCHEMA_VERSION = MIGRATIONS.length;
