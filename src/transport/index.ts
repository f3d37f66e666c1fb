export { createOutbox, type Outbox, type OutboxOptions } from './outbox';
export { claimOrder } from './orders';
