import { toSVG } from 'bwip-js/generic';

/**
 * Small SVG building blocks for labels. Everything is in millimetres (the viewBox is the label's
 * size in mm), so a printer driver scales nothing it should not.
 */

/** Escapes text and attribute values: a patient's name must never become markup. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Numbers in SVG attributes: at most 3 decimals, so output is stable across platforms. */
function mm(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

export interface TextOptions {
  size: number;
  weight?: 'normal' | 'bold';
  anchor?: 'start' | 'middle' | 'end';
  /** Arabic: the text runs right to left; `x` is then its right-hand start. */
  rtl?: boolean;
}

export function text(x: number, y: number, content: string, options: TextOptions): string {
  const attributes = [
    `x="${mm(x)}"`,
    `y="${mm(y)}"`,
    `font-size="${mm(options.size)}"`,
    options.weight === 'bold' ? 'font-weight="bold"' : '',
    options.anchor ? `text-anchor="${options.anchor}"` : '',
    options.rtl ? 'direction="rtl" xml:lang="ar"' : '',
  ].filter(Boolean);
  return `<text ${attributes.join(' ')}>${escapeXml(content)}</text>`;
}

export function rect(x: number, y: number, width: number, height: number, stroke = 0.3): string {
  return `<rect x="${mm(x)}" y="${mm(y)}" width="${mm(width)}" height="${mm(height)}" fill="none" stroke="#000" stroke-width="${mm(stroke)}"/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${mm(x1)}" y1="${mm(y1)}" x2="${mm(x2)}" y2="${mm(y2)}" stroke="#000" stroke-width="0.2"/>`;
}

export interface BarcodeBox {
  /** Top-left corner, or bottom-right when `fromBottomRight` (the symbol's size is known only once drawn). */
  x: number;
  y: number;
  fromBottomRight?: boolean;
  /** Width of one module (narrowest bar, or one DataMatrix cell) in mm. */
  module: number;
  /** Bar height in mm for linear symbols; 2-D symbols keep their own proportions. */
  height?: number;
}

/**
 * A bwip-js symbol (drawn at one unit per module) nested as an inner <svg> at a place on the
 * label, so its own viewBox maps modules to millimetres.
 */
export function barcode(bcid: 'code128' | 'datamatrix', data: string, box: BarcodeBox): string {
  // bwip-js refuses an explicit `height: undefined`, so the option is only present for bars.
  const symbol = toSVG(
    bcid === 'code128' ? { bcid, text: data, scale: 1, height: 10 } : { bcid, text: data, scale: 1 },
  );
  const open = /^<svg viewBox="0 0 ([0-9.]+) ([0-9.]+)"[^>]*>/.exec(symbol.trim());
  if (!open) throw new Error('bwip-js returned an SVG without the expected viewBox');
  const [whole, w, h] = open as unknown as [string, string, string];
  const width = Number(w) * box.module;
  const height = box.height ?? Number(h) * box.module;
  const inner = symbol.trim().slice(whole.length);
  const x = box.fromBottomRight ? box.x - width : box.x;
  const y = box.fromBottomRight ? box.y - height : box.y;
  return `<svg x="${mm(x)}" y="${mm(y)}" width="${mm(width)}" height="${mm(height)}" viewBox="0 0 ${w} ${h}" preserveAspectRatio="none" data-symbol="${bcid}">${inner}`;
}
