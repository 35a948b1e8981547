import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts', 'extension/**/*.test.ts', 'page/**/*.test.ts', 'ui/**/*.test.ts', 'corpus-index/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
  },
});
