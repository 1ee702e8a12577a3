export { Space, type SpaceValue } from './space.js';
export { Discrete } from './discrete.js';
export { Box } from './box.js';
export { MultiDiscrete } from './multi-discrete.js';
export { MultiBinary } from './multi-binary.js';
export { Dict } from './dict.js';
export { Tuple } from './tuple.js';
export { flatDim, flatten, flattenInto, flattenSpace } from './flatten.js';
export { spaceFromJSON } from './from-json.js';
