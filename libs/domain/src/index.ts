export * from './domain-error';
export * from './identity/roles';
export * from './notifications/notification-kinds';
export * from './notifications/templates';
export * from './notifications/digest';
export * from './calls/call-configuration';
