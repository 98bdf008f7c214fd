export * from './organisations';
export * from './services';
export * from './ticket-events';
export * from './tickets';
export * from './users';
