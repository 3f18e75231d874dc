export * from './cjm-module.js';
export * from './generated/ast.js';
export * from './builtins/builtin-library.js';
export * from './model/emotion-score.js';
export * from './model/metrics.js';
export * from './render/render-model.types.js';
export { buildRenderModel } from './render/render-model.js';
export * from './workspace/in-memory-workspace.js';
