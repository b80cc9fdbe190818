export * from './types';
export { parseDeliveryConfig, type ParseOptions } from './parse';
export { DeliveryConfigError } from './errors';
export { targetId, targetLabel } from './describe';
