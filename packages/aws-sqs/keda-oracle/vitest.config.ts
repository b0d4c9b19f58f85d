// Runs the aws-sqs differential test with the oracle's settings until it moves to tools/keda-oracle/test/.
import { defineConfig, mergeConfig } from 'vitest/config';
import oracleConfig from '../../../tools/keda-oracle/vitest.config.js';

export default mergeConfig(
  oracleConfig,
  defineConfig({ test: { include: ['packages/aws-sqs/keda-oracle/**/*.test.ts'] } }),
  false,
);
