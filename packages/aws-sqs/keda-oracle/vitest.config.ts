// Runs the aws-sqs differential test with the oracle's settings until it moves to tools/keda-oracle/test/.
import { defineConfig } from 'vitest/config';
import oracleConfig from '../../../tools/keda-oracle/vitest.config.js';

export default defineConfig({
  ...oracleConfig,
  test: { ...oracleConfig.test, include: ['packages/aws-sqs/keda-oracle/**/*.test.ts'] },
});
