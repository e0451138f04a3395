// Unified post settings (统一岗位设置, DOMAIN §4): the catalogue, quotas and structural caps, identity numbers.
export * from './catalogue';
export * from './ratios';
export * from './idcard';
