#!/usr/bin/env node
// Thin launcher so the bin exists before the TypeScript build (pnpm links bins at install time).
import '../dist/bin.js'
