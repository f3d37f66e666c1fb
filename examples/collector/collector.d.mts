import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CollectedEvent {
  id: string;
  type: string;
  [field: string]: any;
}
export declare const parseEvents: (text: string) => CollectedEvent[];
export declare const createCollector: (options?: {
  file?: string;
  onEvent?: (event: CollectedEvent) => void;
  onArrival?: (event: CollectedEvent) => void;
  /** Keep one conversion per `orderId` (default true). */
  dedupeOrders?: boolean;
}) => { handle(req: IncomingMessage, res: ServerResponse): void; events: CollectedEvent[] };
