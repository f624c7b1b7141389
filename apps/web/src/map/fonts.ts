// The map's font: Noto Sans (SIL Open Font License 1.1, fonts/OFL.txt), Latin and Latin
// Extended subsets, regular and bold, built into the app as hashed files. MapLibre draws
// labels from it in the browser (the style's `font-faces`), so no glyph server is needed.
import regular from './fonts/noto-sans-latin-400-normal.woff2?url';
import regularExt from './fonts/noto-sans-latin-ext-400-normal.woff2?url';
import bold from './fonts/noto-sans-latin-700-normal.woff2?url';
import boldExt from './fonts/noto-sans-latin-ext-700-normal.woff2?url';
import type { FontFiles } from './orientation.js';

export const MAP_FONTS: FontFiles = { regular, regularExt, bold, boldExt };
