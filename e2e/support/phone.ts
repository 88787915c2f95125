import type { Page } from "@playwright/test";

/**
 * The page's width against the phone's screen. Not window.innerWidth: an emulated phone (isMobile)
 * widens its layout viewport to fit a page that overflows, so innerWidth grows with the page and a
 * too-wide page would pass.
 */
export async function widthOnScreen(page: Page): Promise<{ page: number; screen: number; fits: boolean }> {
  const screen = page.viewportSize()!.width;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  return { page: width, screen, fits: width <= screen };
}
