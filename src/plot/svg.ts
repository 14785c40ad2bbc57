// The few pieces every plot is written with. Plots are strings, not DOM nodes, so that they render
// the same in Node (savePlot) and in a browser (innerHTML), with nothing to install.

/** matplotlib's default font first, so that plots look like the books' figures where it is installed. */
const FONT = "'DejaVu Sans', Verdana, Arial, sans-serif";

/** matplotlib's tab10 palette: the colours of the books' figures, in their order. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] as const;

/** The red that marks wrong predictions (tab10's red). */
export const WRONG = '#d62728';
export const INK = '#222222';
export const MUTED = '#555555';

/** Text safe inside an element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A coordinate with at most two decimals: sub-pixel precision beyond that only adds bytes. */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

type Attributes = Readonly<Record<string, string | number | undefined>>;

/** One element; numbers are rounded by num(), strings escaped, undefined attributes left out. */
export function element(name: string, attributes: Attributes, content?: string): string {
  let text = `<${name}`;
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    text += ` ${key}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  return content === undefined ? `${text}/>` : `${text}>${content}</${name}>`;
}

/** A text element; `content` is plain text (escaped here). */
export function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  // String(): a title passed as a number is still shown.
  return element('text', { x, y, ...attributes }, escapeXml(String(content)));
}

/**
 * Roughly how wide `content` is at `fontSize`: DejaVu Sans averages about 0.6 em a character.
 * Used only to make room (margins, cell widths), never to place text exactly.
 */
export function textWidth(content: string, fontSize: number): number {
  return content.length * fontSize * 0.6;
}

/** A standalone SVG document (white background, as figures saved from matplotlib) of `width` × `height`. */
export function svgDocument(width: number, height: number, body: string, title?: string): string {
  const heading = title === undefined ? '' : element('title', {}, escapeXml(title));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="${escapeXml(FONT)}" font-size="12" fill="${INK}">`
    + `${heading}${element('rect', { width, height, fill: '#ffffff' })}${body}</svg>\n`;
}

/** The words of a Keras log key, capitalized: `val_sparse_categorical_accuracy` → "Sparse categorical accuracy". */
export function metricTitle(key: string): string {
  const words = key.replace(/^val_/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
