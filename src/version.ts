/** Replaced by the build with package.json's version. */
export const VERSION = '__VERSION__';
