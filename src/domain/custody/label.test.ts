import { describe, expect, it } from 'vitest';
import { compoundMessage, type LabelInput, labelDateTime, renderLabel, renderWristband } from './label.js';
import { escapeXml } from './svg.js';

const base: LabelInput = {
  din: 'W123426000123',
  productCode: 'S1295100',
  productName: 'HPC, Apheresis',
  collectedAt: new Date('2026-05-10T06:30:00Z'),
  expiresAt: new Date('2026-05-12T20:59:00Z'),
  timeZone: 'Asia/Riyadh',
  facilityName: 'CellPath Demo Clinic, Riyadh',
  localFacilityCode: false,
  storageTemperature: '2–8 °C',
  patient: {
    nameLatin: 'Layla Haddad',
    nameArabic: 'ليلى حداد',
    dateOfBirth: '1980-02-14',
    mrn: 'MRN-00042',
  },
};

/**
 * Well-formedness without an XML parser: every tag closes in order, attribute values are quoted,
 * and text holds no raw `<` or bare `&`.
 */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const token = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const match of svg.matchAll(token)) {
    const [, closing, name, , selfClosing, textContent, stray] = match;
    if (stray) throw new Error(`Unescaped < at ${match.index}: ${svg.slice(match.index, match.index + 40)}`);
    if (textContent !== undefined) {
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+);)/.test(textContent)) throw new Error(`Bare & in ${textContent}`);
      continue;
    }
    if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
    } else if (!selfClosing) stack.push(name as string);
  }
  expect(stack).toEqual([]);
}

describe('product label', () => {
  it('is well-formed SVG of 100 × 100 mm', () => {
    const svg = renderLabel(base);
    assertWellFormed(svg);
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="100mm" height="100mm" viewBox="0 0 100 100"/,
    );
  });

  it('carries a Code 128 of the DIN and a DataMatrix of the data structures, both from bwip-js', () => {
    const svg = renderLabel(base);
    expect(svg.match(/<svg [^>]*data-symbol="code128"/g)).toHaveLength(1);
    expect(svg.match(/<svg [^>]*data-symbol="datamatrix"/g)).toHaveLength(1);
    expect(svg.match(/<path /g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('prints the eye-readable DIN with its check character in a box', () => {
    const svg = renderLabel(base);
    expect(svg).toContain('>W1234 26 000123</text>');
    expect(svg).toMatch(/<rect [^>]*\/>\n<text [^>]*text-anchor="middle">3<\/text>/);
  });

  it('warns "FOR AUTOLOGOUS USE ONLY" only when the product code says so', () => {
    expect(renderLabel(base)).toContain('FOR AUTOLOGOUS USE ONLY');
    expect(renderLabel({ ...base, productCode: 'S1295V00' })).not.toContain('AUTOLOGOUS');
  });

  it('prints the Arabic name right to left and both dates with their time zone', () => {
    const svg = renderLabel(base);
    expect(svg).toMatch(/<text [^>]*direction="rtl"[^>]*>ليلى حداد<\/text>/);
    expect(svg).toContain('2026-05-10 09:30 Asia/Riyadh (UTC+03:00)');
    expect(svg).toContain('2026-05-12 23:59 Asia/Riyadh (UTC+03:00)');
    expect(svg).toContain('DOB 1980-02-14   MRN MRN-00042');
  });

  it('marks a local facility code so nobody takes it for a licensed one', () => {
    expect(renderLabel(base)).not.toContain('LOCAL CODE');
    expect(renderLabel({ ...base, localFacilityCode: true })).toContain(
      'LOCAL CODE — not an ICCBBA-licensed code',
    );
  });

  it('escapes every piece of text, so a name cannot inject markup', () => {
    const svg = renderLabel({
      ...base,
      productName: '<script>alert(1)</script>',
      facilityName: 'Smith & "Sons"',
      patient: { ...base.patient, nameLatin: "O'Brien <b>" },
      warnings: ['<svg onload=x>'],
    });
    assertWellFormed(svg);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('Smith &amp; &quot;Sons&quot;');
    expect(svg).toContain('O&apos;Brien &lt;b&gt;');
  });

  it('refuses an invalid DIN or product code instead of printing it', () => {
    expect(() => renderLabel({ ...base, din: 'W12342600012' })).toThrow(/Donation Identification Number/);
    expect(() => renderLabel({ ...base, productCode: 'S12951' })).toThrow(/product code/);
  });
});

describe('label helpers', () => {
  it('builds an undefined-sequence compound message (ST-001 §2.4.23)', () => {
    expect(compoundMessage(['=W12342600012363', '=<S1295100'])).toBe('=+02000=W12342600012363=<S1295100');
  });

  it('shows negative and half-hour offsets', () => {
    expect(labelDateTime(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(
      '2026-01-15 07:00 America/New_York (UTC-05:00)',
    );
    expect(labelDateTime(new Date('2026-01-15T12:00:00Z'), 'Asia/Kolkata')).toBe(
      '2026-01-15 17:30 Asia/Kolkata (UTC+05:30)',
    );
  });

  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

describe('wristband', () => {
  const band = {
    wristbandId: 'WB-000042',
    nameLatin: 'Layla Haddad',
    dateOfBirth: '1980-02-14',
    mrn: 'MRN-00042',
  };

  it('is well-formed SVG with a Code 128 of the wristband identifier', () => {
    const svg = renderWristband({ ...band, nameArabic: 'ليلى حداد' });
    assertWellFormed(svg);
    expect(svg.match(/data-symbol="code128"/g)).toHaveLength(1);
    expect(svg).toContain('>WB-000042</text>');
    expect(svg).toMatch(/direction="rtl"/);
  });

  it('leaves out the Arabic line when there is no Arabic name', () => {
    expect(renderWristband(band)).not.toMatch(/direction="rtl"/);
  });

  it.each(['', ' WB1', 'WB–1', 'وسوار'])('refuses the wristband identifier %j', (wristbandId) => {
    expect(() => renderWristband({ ...band, wristbandId })).toThrow(/printable ASCII/);
  });
});
