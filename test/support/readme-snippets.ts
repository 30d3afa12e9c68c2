import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/**
 * How a README marks a ```ts block (an HTML comment on the line before the fence):
 * - none: a complete program; the README test type-checks it and runs it against the emulator;
 * - `<!-- sketch -->`: a fragment or a shape (a signature, a part of a larger program); not checked;
 * - `<!-- typecheck-only -->`: complete, but needs what a test cannot give it (a test runner, say):
 *   type-checked, not run.
 */
export type SnippetMode = 'run' | 'typecheck' | 'sketch'

/** One ```ts block of a README. */
export interface Snippet {
  /** The README, relative to the workspace root. */
  readonly readme: string
  /** 1-based line of the opening fence. */
  readonly line: number
  readonly mode: SnippetMode
  readonly code: string
}

/** The ```ts blocks of one README, with how each is marked. */
export function readmeSnippets(root: string, readmePath: string): Snippet[] {
  const lines = readFileSync(readmePath, 'utf8').split('\n')
  const snippets: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```ts') continue
    let before = i - 1
    while (before >= 0 && lines[before]?.trim() === '') before--
    const marker = lines[before]?.trim()
    const mode: SnippetMode =
      marker === '<!-- sketch -->' ? 'sketch' : marker === '<!-- typecheck-only -->' ? 'typecheck' : 'run'
    const end = lines.findIndex((line, j) => j > i && line.trim() === '```')
    if (end < 0) throw new Error(`${readmePath}:${i + 1}: unclosed code block`)
    snippets.push({
      readme: relative(root, readmePath),
      line: i + 1,
      mode,
      code: lines.slice(i + 1, end).join('\n'),
    })
    i = end
  }
  return snippets
}

/** Where a snippet of this README is written: beside the package it documents, so its imports resolve. */
export function snippetDir(root: string, readme: string): string {
  const dir = dirname(readme)
  return join(root, dir === '.' ? 'test' : dir, '.readme-snippets')
}
