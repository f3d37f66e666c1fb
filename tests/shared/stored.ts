// What reftrace left in a page's storage, read from inside the page, whichever driver runs it.

/** The one thing this needs from a driver's page; playwright-core's and puppeteer-core's both fit. */
export interface Evaluates {
  evaluate(fn: (arg: any) => unknown, arg?: any): Promise<any>;
}

/**
 * A value reftrace keeps in this origin's IndexedDB (`reftrace`/`kv`), read from inside the
 * page; `undefined` when there is no such database, which is only opened if it exists (opening
 * it would create it).
 */
export const readIdb = (page: Evaluates, key: string): Promise<any> =>
  page.evaluate(async (key: string) => {
    if (!(await indexedDB.databases()).some((d) => d.name == 'reftrace')) return undefined;
    return new Promise((resolve) => {
      const open = indexedDB.open('reftrace');
      open.onsuccess = () => {
        try {
          const get = open.result.transaction('kv').objectStore('kv').get(key);
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => resolve(undefined);
        } catch {
          resolve(undefined);
        }
        open.result.close();
      };
      open.onerror = () => resolve(undefined);
    });
  }, key);

/** The journey layers of this origin: IndexedDB, localStorage keys, and the cookie the page sees. */
export const stored = async (page: Evaluates) => ({
  journey: await readIdb(page, 'journey'),
  ...(await page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    local: Object.keys(localStorage).filter((k) => k.startsWith('reftrace:')),
    cookie: document.cookie,
  }))),
});

/** The outbox as stored by the page: entries and serialized bytes, in IndexedDB and localStorage. */
export const storedOutbox = async (page: Evaluates) => {
  const idb = await readIdb(page, 'outbox');
  const local: Record<string, string> = await page.evaluate(() =>
    Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('reftrace:')).map((k) => [k, localStorage[k]])),
  );
  const size = (v: unknown) => (v == null ? 0 : Buffer.byteLength(typeof v == 'string' ? v : JSON.stringify(v)));
  const count = (v: unknown) => (v == null ? 0 : Object.keys(typeof v == 'string' ? JSON.parse(v) : v).length);
  const localOutbox = local['reftrace:outbox'];
  return {
    idbEntries: count(idb),
    idbBytes: size(idb),
    localEntries: count(localOutbox),
    localBytes: size(localOutbox),
    localKeys: Object.keys(local),
  };
};
