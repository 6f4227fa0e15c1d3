// Entry point of the bundled CLI (out/cli/index.js).
import { main } from './index'

void main(process.argv)
