// Benchmarks are not written yet: this script says so instead of pretending to measure.
process.stdout.write('gatehouse bench: no benchmark scenarios exist yet.\n')
