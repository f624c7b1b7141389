export * from './tiles.js';
export * from './classification.js';
export * from './bng.js';
export * from './point-index.js';
export * from './provision.js';
export * from './residence-points.js';
export * from './need-ranks.js';
export * from './postcodes.js';
