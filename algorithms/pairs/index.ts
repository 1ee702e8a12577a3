/** Pairs-trading analytics: regression, cointegration, Kalman hedge, band rules, backtest, metrics. */
export * from './ols.js';
export * from './cointegration.js';
export * from './kalman.js';
export * from './book.js';
export * from './rules.js';
export * from './backtest.js';
export * from './metrics.js';
export * from './selection.js';
