// @vitest-environment node
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/run';
import { parseShareLink } from '../../../src/links';

const cli = (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
};
const dir = () => mkdtempSync(join(tmpdir(), 'reftrace-cli-'));

describe('npx reftrace link', () => {
  it('prints the link and writes its QR code', () => {
    const svg = join(dir(), 'alice.svg');
    const { code, out } = cli('link', 'https://shop.example/p?x=1', '--ref', 'alice', '--sub1', 'yt', '--sub2', 'video 9', '--platform', 'x', '--utm-campaign', 'spring', '--qr', svg, '--ecc', 'h');
    expect([code, out]).toEqual([0, ['https://shop.example/p?x=1&ref=alice&sub1=yt&sub2=video%209&utm_source=x&utm_medium=social&utm_campaign=spring']]);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg /);
  });

  it.each([
    [['link', 'https://shop.example/', '--ref', 'a b'], 'reftrace: not a referral code the SDK accepts'],
    [['link', '--ref', 'alice'], 'reftrace: link needs exactly one target URL'],
    [['link', 'ftp://x/', '--ref', 'alice'], 'reftrace: not an http(s) target'],
    [['link', 'https://shop.example/', '--ref', 'alice', '--ecc', 'Z'], 'reftrace: --ecc must be L, M, Q or H: "Z"'],
    [['link', 'https://shop.example/', '--ref', 'alice', '--bogus'], "reftrace: Unknown option '--bogus'"],
    [['frobnicate'], 'reftrace: unknown command "frobnicate"'],
  ])('refuses %j with a usage error', (args, message) => {
    const { code, out, err } = cli(...args);
    expect([code, out]).toEqual([2, []]);
    expect(err[0]).toContain(message);
    expect(err[1]).toMatch(/^Usage:/);
  });

  it('prints its usage', () => {
    expect(cli('--help').out[0]).toMatch(/^Usage:\n {2}reftrace link <target>/);
  });
});

describe('npx reftrace links', () => {
  it('writes every good row’s links and QR codes, and reports each bad row by its line number', () => {
    const work = dir();
    const csv = join(work, 'partners.csv');
    writeFileSync(
      csv,
      '\uFEFFCode,Sub1,Platforms,Target\n' +
        'alice,yt,x email,\n' +
        'bad code,,,\n' +
        '\n' +
        'bob,"news, weekly",,https://other.shop.example/landing\n' +
        'carol,a@b.c,,\n' +
        'dave,,myspace,\n' +
        'erin,"multi\nline",copy,\n' +
        'frank,,sms,\n' +
        'gina,"unclosed,qr,\n',
    );
    const out = join(work, 'links');
    const { code, out: printed, err } = cli('links', '--csv', csv, '--target', 'https://shop.example/', '--out', out, '--platforms', 'copy,qr');
    expect(code).toBe(1);
    expect(err).toEqual([
      'line 10: reftrace: Quote Not Closed: the parsing is finished with an opening quote at line 11',
      'line 3: reftrace: not a referral code the SDK accepts (1 to 64 letters, digits or -_.~): "bad code"',
      'line 6: reftrace: sub1 would be dropped on landing (1 to 100 characters, no control characters, no @): "a@b.c"',
      'line 7: reftrace: unknown platform: "myspace"',
      'line 8: reftrace: sub1 would be dropped on landing (1 to 100 characters, no control characters, no @): "multi\nline"',
    ]);
    expect(printed).toEqual([`5 links written to ${join(out, 'links.csv')}; 5 row(s) skipped`]);
    const rows = readFileSync(join(out, 'links.csv'), 'utf8').trim().split('\n');
    expect(rows).toEqual([
      'code,platform,link,qr',
      'alice,x,https://shop.example/?ref=alice&sub1=yt&utm_source=x&utm_medium=social,alice-x.svg',
      'alice,email,https://shop.example/?ref=alice&sub1=yt&utm_source=email&utm_medium=email,alice-email.svg',
      'bob,copy,https://other.shop.example/landing?ref=bob&sub1=news%2C%20weekly&utm_source=link&utm_medium=referral,bob-copy.svg',
      'bob,qr,https://other.shop.example/landing?ref=bob&sub1=news%2C%20weekly&utm_source=qr&utm_medium=offline,bob-qr.svg',
      'frank,sms,https://shop.example/?ref=frank&utm_source=sms&utm_medium=sms,frank-sms.svg',
    ]);
    for (const row of rows.slice(1)) {
      const [codeCol, , link, file] = row.split(',');
      expect(parseShareLink(link).ref).toBe(codeCol);
      expect(existsSync(join(out, file))).toBe(true);
    }
  });

  it('refuses unknown columns and missing options as usage errors', () => {
    const work = dir();
    writeFileSync(join(work, 'p.csv'), 'code,subb1\nalice,x\n');
    expect(cli('links', '--csv', join(work, 'p.csv'), '--target', 'https://shop.example/', '--out', work).err[0]).toBe(
      'reftrace: unknown column(s) subb1 (code, sub1…sub5, platforms, target)',
    );
    expect(cli('links', '--csv', join(work, 'p.csv')).code).toBe(2);
    expect(cli('links', '--csv', join(work, 'missing.csv'), '--out', work).err[0]).toMatch(/^reftrace: ENOENT/);
  });
});
