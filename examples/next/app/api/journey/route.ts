import { journeyCookieHandler } from 'reftrace/server';

// The endpoint behind `serverCookie('/api/journey')` (app/tracking.tsx): sets the journey cookie from the server.
const handler = journeyCookieHandler();
export const POST = handler;
export const DELETE = handler;
