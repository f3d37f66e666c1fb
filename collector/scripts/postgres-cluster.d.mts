/** What a cluster is, serialisable (vitest hands it from the global setup to the test files). */
export interface ClusterInfo {
  bin: string;
  dir: string;
  port: number;
  /** Run the binaries through `runuser -u postgres` (we are root). */
  asPostgres: boolean;
  /** Whether commits wait for the disk (fsync): off for the tests, on for the benchmark. */
  durable: boolean;
}
/** The newest installed Postgres' `bin` folder, or undefined when none is installed. */
export declare const postgresBin: () => string | undefined;
/** Starts the cluster (again) and waits until it accepts connections. */
export declare const startPostgres: (info: ClusterInfo) => string;
/** Stops it: `fast` disconnects clients and shuts down cleanly, `immediate` is a crash. */
export declare const stopPostgres: (info: ClusterInfo, mode?: 'fast' | 'immediate') => string;
/** initdb + start. The superuser is `reftrace`, trusted on loopback (no password). */
export declare const createCluster: (options?: { durable?: boolean }) => Promise<ClusterInfo>;
/** Stops the cluster and deletes its folder. */
export declare const destroyCluster: (info: ClusterInfo) => void;
export declare const clusterUrl: (info: ClusterInfo, database?: string) => string;
