export * from './enums.js';
export * from './common.js';
export * from './category.js';
export * from './source.js';
export * from './asset.js';
export * from './area.js';
export * from './health.js';
export * from './tile.js';
