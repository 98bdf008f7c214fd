export * from './organisations';
export * from './reviews';
export * from './security';
export * from './services';
export * from './sla';
export * from './ticket-events';
export * from './tickets';
export * from './users';
