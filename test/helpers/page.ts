// One blank page of the served repository in a launched Chromium, with its page errors collected.
import type { launchChromium } from '../../scripts/chromium.mjs';

type Chromium = Awaited<ReturnType<typeof launchChromium>>;

/**
 * Evaluates `code` (a string, so that vitest's module transform leaves the page's dynamic imports
 * alone) on `${base}/blank.html`, closes the page, and returns the result with the page errors.
 */
export async function evaluateInPage<T>(chromium: Chromium, base: string, code: string): Promise<{ result: T; errors: string[] }> {
  const page = await chromium.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${base}/blank.html`);
    return { result: (await page.evaluate(code)) as T, errors };
  } finally {
    await page.close();
  }
}
