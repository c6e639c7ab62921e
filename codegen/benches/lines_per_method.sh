#!/bin/sh
# Run from the workspace root: sh codegen/benches/lines_per_method.sh
# lines per method of generated service code: for each snapshot, the lines from
# the first args struct (services come last in a file) to the end, over the
# number of methods (args structs).
for f in codegen/tests/snapshots/snapshots__rpc_test.thrift__rpc_test.rs.snap \
         codegen/tests/snapshots/snapshots__tutorial__calculator.thrift__trift.tutorial.rs.snap; do
  total=$(wc -l < "$f")
  first=$(grep -n '^/// The arguments of' "$f" | head -1 | cut -d: -f1)
  methods=$(grep -c '^/// The arguments of' "$f")
  svc=$((total - first + 1))
  echo "$(basename $f): $total lines, service part $svc lines, $methods methods, $(echo "scale=1; $svc / $methods" | bc) lines/method"
done
