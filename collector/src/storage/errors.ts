/**
 * Whether a database error is about the data of one statement (SQLSTATE class 22, data
 * exception; 54, a limit exceeded) rather than about the database being reachable. The first
 * kind is the input's fault and must never become a 503 that the SDK retries forever.
 */
export const isDataError = (error: unknown): boolean => /^(22|54)/.test(String((error as { code?: unknown })?.code ?? ''));

/** Serialization failures and deadlocks: the transaction can simply run again. */
export const isRetryable = (error: unknown): boolean => /^40(001|P01)$/.test(String((error as { code?: unknown })?.code ?? ''));

/** The database could not be reached or failed mid-transaction: the request is answered 503 and retried by the SDK. */
export class DatabaseUnavailable extends Error {
  constructor(readonly cause: unknown) {
    super('database unavailable: ' + ((cause as Error)?.message ?? String(cause)));
  }
}
