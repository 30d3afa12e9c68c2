// The floor of the program variants of the cold-start bench: a program file that imports nothing
// but the report (cold-start-program.mjs imports the same).
import { report } from './cold-start-report.mjs'

await report()
