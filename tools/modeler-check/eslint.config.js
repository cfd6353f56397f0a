// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's shared lint configuration, not package code
import root from '../../eslint.config.js';

// The page bundle and screenshots the test writes are artifacts, not code.
export default [{ ignores: ['artifacts/**'] }, ...root];
