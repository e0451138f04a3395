import m001 from './001_organisation';
import m002 from './002_assets';
import m003 from './003_asset_sharing';
import m004 from './004_counts';
import m005 from './005_posts';
import m006 from './006_asset_event_dates';
import m007 from './007_asset_change_dates';

/** Numbered migrations; `PRAGMA user_version` records how many have been applied. */
export const MIGRATIONS: readonly string[] = [m001, m002, m003, m004, m005, m006, m007];
export const SCHEMA_VERSION = MIGRATIONS.length;
