import type { Notes } from './notes';
import { listen } from './report';

// The script tag's debug file (dist/reftrace.debug.min.js), which the script tag loads beside
// itself in debug mode after leaving its notes in `reftraceNotes`.
listen((window as unknown as { reftraceNotes: Notes }).reftraceNotes);
