import { StateError, ValueError, describe } from '../errors.js';
import { isNode, nodeImport } from '../runtime.js';

/**
 * Writes a plot to `path` (Node, Deno, Bun). The file appears whole or not at all: the text goes
 * to a temporary sibling first and is renamed over `path`, so a viewer watching the file never
 * reads half a plot, and a failed write leaves the previous one in place.
 */
export async function savePlot(svg: string, path: string): Promise<void> {
  if (typeof svg !== 'string' || !svg.includes('<svg')) throw new ValueError(`savePlot(svg): expected an SVG document (what the plot functions return), received ${describe(svg)}`);
  if (typeof path !== 'string' || path === '') throw new ValueError(`savePlot(path): expected a file path, received ${describe(path)}`);
  if (!isNode()) throw new StateError('savePlot: this runtime has no file system; in a browser, set an element\'s innerHTML to the SVG instead');
  const fs = await nodeImport('node:fs/promises');
  const { dirname } = await nodeImport('node:path');
  await fs.mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}.tmp`;
  try {
    await fs.writeFile(temp, svg, 'utf8');
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
