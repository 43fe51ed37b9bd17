// Compares two runs of test/e2e/pages.visual.ts (playwright.visual.config.ts):
//   npx tsx test/e2e/compare-screenshots.ts test-results/visual/before test-results/visual/after
// For each page and colour scheme: the pixels that differ (and where; a picture of them goes to
// <after>/diff/), and the computed style properties that differ, element by element. Exits 1
// when anything differs. The PNGs are decoded by Chromium (no image library needed).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumExecutable, CHROMIUM_ARGS } from './browser';

const [beforeDir, afterDir] = process.argv.slice(2);
if (beforeDir === undefined || afterDir === undefined) {
  console.error('usage: npx tsx test/e2e/compare-screenshots.ts <before folder> <after folder>');
  process.exit(2);
}
const MAX_STYLE_LINES = 12;

function shots(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.png'))
    .sort();
}

interface Styles {
  properties: string[];
  values: string[];
  elements: Array<[string, number[]]>;
}

/** Element (by its path) → property → computed value. */
function readStyles(path: string): Map<string, Map<string, string>> | null {
  if (!existsSync(path)) return null;
  const styles = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as Styles;
  const elements = new Map<string, Map<string, string>>();
  for (const [key, row] of styles.elements) {
    const properties = new Map<string, string>();
    row.forEach((valueIndex, index) => properties.set(styles.properties[index] ?? '?', styles.values[valueIndex] ?? '?'));
    elements.set(key, properties);
  }
  return elements;
}

function styleDifferences(before: Map<string, Map<string, string>>, after: Map<string, Map<string, string>>): string[] {
  const lines: string[] = [];
  for (const [key, properties] of before) {
    const other = after.get(key);
    if (other === undefined) {
      lines.push(`  only before: ${key}`);
      continue;
    }
    const changed = [...properties].filter(([property, value]) => other.get(property) !== value).map(([property, value]) => `${property}: ${value} → ${other.get(property)}`);
    if (changed.length > 0) lines.push(`  ${key}\n      ${changed.join('\n      ')}`);
  }
  for (const key of after.keys()) if (!before.has(key)) lines.push(`  only after: ${key}`);
  return lines;
}

const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.setContent('<html><body></body></html>');
mkdirSync(join(afterDir, 'diff'), { recursive: true });
let differing = 0;
const beforeShots = shots(beforeDir);
const afterShots = new Set(shots(afterDir));
for (const name of beforeShots) {
  if (!afterShots.has(name)) {
    console.log(`${name}: missing after`);
    differing += 1;
    continue;
  }
  const result = await page.evaluate(
    async ([left, right]) => {
      // No named functions in here: tsx would wrap them in a helper the page does not have.
      const [a, b] = (await Promise.all(
        [left, right].map(async (base64 = '') => {
          const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
          context.drawImage(bitmap, 0, 0);
          return context.getImageData(0, 0, bitmap.width, bitmap.height);
        }),
      )) as [ImageData, ImageData];
      const width = Math.max(a.width, b.width);
      const height = Math.max(a.height, b.height);
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      const out = context.createImageData(width, height);
      let count = 0;
      let box = { left: width, top: height, right: -1, bottom: -1 };
      for (let y = 0; y < height; y += 1) {
        for (let x = 0; x < width; x += 1) {
          const inA = x < a.width && y < a.height;
          const inB = x < b.width && y < b.height;
          const i = (y * a.width + x) * 4;
          const j = (y * b.width + x) * 4;
          const same = inA && inB && a.data[i] === b.data[j] && a.data[i + 1] === b.data[j + 1] && a.data[i + 2] === b.data[j + 2] && a.data[i + 3] === b.data[j + 3];
          const o = (y * width + x) * 4;
          if (same) {
            const grey = inA ? ((a.data[i] ?? 0) + (a.data[i + 1] ?? 0) + (a.data[i + 2] ?? 0)) / 3 : 0;
            out.data[o] = out.data[o + 1] = out.data[o + 2] = 128 + grey / 2;
          } else {
            count += 1;
            box = { left: Math.min(box.left, x), top: Math.min(box.top, y), right: Math.max(box.right, x), bottom: Math.max(box.bottom, y) };
            out.data[o] = 255;
            out.data[o + 1] = out.data[o + 2] = 0;
          }
          out.data[o + 3] = 255;
        }
      }
      if (count === 0) return { count, sizes: `${a.width}×${a.height}`, box: null, picture: null };
      context.putImageData(out, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return { count, sizes: `${a.width}×${a.height} → ${b.width}×${b.height}`, box, picture: btoa(binary) };
    },
    [readFileSync(join(beforeDir, name)).toString('base64'), readFileSync(join(afterDir, name)).toString('base64')],
  );
  const styleName = name.replace(/\.png$/, '.styles.json.gz');
  const beforeStyles = readStyles(join(beforeDir, styleName));
  const afterStyles = readStyles(join(afterDir, styleName));
  const styleLines = beforeStyles === null || afterStyles === null ? [] : styleDifferences(beforeStyles, afterStyles);
  if (result.count === 0 && styleLines.length === 0) {
    console.log(`${name}: identical (${result.sizes}; computed styles of ${beforeStyles?.size ?? 0} elements equal)`);
    continue;
  }
  differing += 1;
  const where = result.box === null ? '' : `, within x ${result.box.left}–${result.box.right}, y ${result.box.top}–${result.box.bottom}`;
  console.log(`${name}: ${result.count} pixels differ (${result.sizes}${where}); ${styleLines.length} elements' computed styles differ`);
  if (result.picture !== null) writeFileSync(join(afterDir, 'diff', name), Buffer.from(result.picture, 'base64'));
  for (const line of styleLines.slice(0, MAX_STYLE_LINES)) console.log(line);
  if (styleLines.length > MAX_STYLE_LINES) console.log(`  … and ${styleLines.length - MAX_STYLE_LINES} more`);
}
for (const name of afterShots) if (!beforeShots.includes(name)) console.log(`${name}: new (no screenshot before)`);
await browser.close();
console.log(differing === 0 ? `All ${beforeShots.length} screenshots identical.` : `${differing} of ${beforeShots.length} differ.`);
process.exit(differing === 0 ? 0 : 1);
