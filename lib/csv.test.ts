import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv';

describe('CSV (RFC 4180, defused for spreadsheets)', () => {
  it('leaves plain fields alone and writes empty cells for missing values', () => {
    expect(csvField('Acme')).toBe('Acme');
    expect(csvField(42)).toBe('42');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField('')).toBe('');
  });

  it('quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvField('The "big" one')).toBe('"The ""big"" one"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('"')).toBe('""""');
  });

  it('prefixes what a spreadsheet would run as a formula with an apostrophe', () => {
    expect(csvField('=HYPERLINK("http://evil.test","click")')).toBe(
      `"'=HYPERLINK(""http://evil.test"",""click"")"`,
    );
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField(-5)).toBe("'-5");
    // Only at the start: a formula sign inside a field is harmless.
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('P1 - critical')).toBe('P1 - critical');
  });

  it('ends every record, the last included, with CRLF', () => {
    expect(
      toCsv([
        ['Customer', 'Met'],
        ['Acme, Inc.', 3],
        ['=cmd', null],
      ]),
    ).toBe('Customer,Met\r\n"Acme, Inc.",3\r\n\'=cmd,\r\n');
    expect(toCsv([])).toBe('');
  });
});
