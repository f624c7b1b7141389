import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * The stylesheet is one file that several features append to. A merge once dropped the
 * closing braces of the report's `@media print` block, so every rule after it (the whole
 * Gaps view) applied only when printing; nothing else failed. These checks catch that.
 */
const css = readFileSync(new URL('./app.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** Each top-level rule's selector or at-rule, in order. */
function topLevelPreludes(text: string): string[] {
  const preludes: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      if (depth === 0) preludes.push(text.slice(start, i).trim());
      depth++;
    } else if (text[i] === '}') {
      depth--;
      if (depth < 0) throw new Error(`unmatched } at offset ${i}`);
      if (depth === 0) start = i + 1;
    }
  }
  if (depth !== 0) throw new Error(`${depth} unclosed { at the end`);
  return preludes;
}

describe('app.css', () => {
  it('has balanced braces', () => {
    expect(() => topLevelPreludes(css)).not.toThrow();
  });

  it("keeps each view's main rules at the top level, not inside a media query", () => {
    const preludes = topLevelPreludes(css);
    for (const selector of ['.gaps-page', '.area-report', '.builder-map', '.side-panel']) {
      expect(
        preludes.some((p) =>
          p
            .split(',')
            .map((s) => s.trim())
            .includes(selector),
        ),
        selector,
      ).toBe(true);
    }
  });
});
