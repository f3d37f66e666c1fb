/** One throw site keeps every error prefixed alike and the bundle small. */
export const fail = (message: string): never => {
  throw Error('reftrace: ' + message);
};
