// The package's public entry (`import { defineConfig } from 'rapport'`): what a config file needs.
export { defineConfig, type RapportConfig, type RapportConfigInput } from './schema.js';
