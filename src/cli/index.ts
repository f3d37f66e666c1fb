// `npx reftrace …`: share links and QR codes for partners and program managers.
import { run } from './run';

process.exitCode = run(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) });
