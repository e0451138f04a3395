// Parsers for what real sheets contain (DOMAIN §2, §3.2). Money lives in shared/money.
export * from './text';
export * from './decimal';
export * from './date';
export * from './number';
export * from './asset-values';
