/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted, and a text field a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe.
 */
export const csv = (header: string[], rows: (string | number)[][]): string =>
  [header, ...rows]
    .map((row) =>
      row
        .map((field) => {
          let text = String(field);
          if (typeof field == 'string' && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
          return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
        })
        .join(','),
    )
    .join('\r\n') + '\r\n';
