export * from './tiles.js';
export * from './classification.js';
export * from './bng.js';
