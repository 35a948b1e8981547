/**
 * The extension's icons: PNGs at the sizes Chrome and Firefox (and their stores)
 * ask for, rendered from the one drawing in `assets/icon.svg` on every build.
 * Rendering uses resvg (its npm package ships prebuilt binaries), so a build
 * needs neither a browser nor a network.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/**
 * Square sizes in pixels: 16 and 32 for the toolbar (1× and 2× screens), 48 for
 * the extensions page, 96 and 128 for the stores and the install dialog.
 */
export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

/** Where the icon of `size` pixels goes inside the built extension. */
export function iconPath(size: number): string {
  return `icon/${size}.png`;
}

/** The manifest's `icons` (and `default_icon`) map: size → path in the extension. */
export function manifestIcons(): Record<string, string> {
  return Object.fromEntries(ICON_SIZES.map((size) => [String(size), iconPath(size)]));
}

/** Renders the SVG source `svg` at `size` × `size` pixels as PNG bytes. */
export function renderIcon(svg: Buffer | string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

/** Renders `svgFile` at every size into `outDir`; gives each PNG's absolute path and its path in the extension. */
export async function writeIcons(svgFile: string, outDir: string): Promise<Array<{ absoluteSrc: string; relativeDest: string }>> {
  const svg = await readFile(svgFile);
  await mkdir(outDir, { recursive: true });
  return Promise.all(
    ICON_SIZES.map(async (size) => {
      const absoluteSrc = path.join(outDir, `${size}.png`);
      await writeFile(absoluteSrc, renderIcon(svg, size));
      return { absoluteSrc, relativeDest: iconPath(size) };
    }),
  );
}
