export * from './tiles.js';
export * from './classification.js';
