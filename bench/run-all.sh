#!/usr/bin/env bash
# Runs every measurement in bench/README.md, one after the other, and writes the outputs to
# bench/results/. Build first: (cd /work/main && mvn -B -o -Pbench -pl bench -am -DskipTests package).
# Takes about 40 minutes on 2 cores. Every run is bounded (timeout) and uses 127.0.0.1 only.
set -u
cd "$(dirname "$0")"
JAR=target/benchmarks.jar
R=results
mkdir -p $R
run() { # name, timeout, class, args...
  local name=$1 t=$2 cls=$3; shift 3
  echo "### $name: java -cp $JAR $cls $*" | tee -a $R/$name.txt
  timeout "$t" java -cp $JAR "$cls" "$@" 2>&1 | tee -a $R/$name.txt
}
H=io.otelcol4j.bench.OtlpLoadHarness
W=io.otelcol4j.bench.RemoteWriteHarness

# 1. OTLP pass-through, batch on, as fast as the collector accepts (run twice)
for i in 1 2; do
  run passthrough 600 $H --signals traces,metrics,logs --warmup 10 --duration 30 --threads 8 --channels 4 \
    --batch on --out $R/passthrough.tsv --label run$i
done
# 2. Batch overhead: traces without the batch processor (with-batch figures come from 1.)
for i in 1 2; do
  run nobatch 300 $H --signals traces --warmup 10 --duration 30 --threads 8 --channels 4 \
    --batch off --out $R/passthrough.tsv --label run$i
done
# 1b. Profile of the traces run (JFR default settings, only in the measured window)
run jfr-traces 300 $H --signals traces --warmup 10 --duration 30 --threads 8 --channels 4 --batch on \
  --jfr /tmp/otelcol4j-bench-traces.jfr --jfr-settings default --out $R/passthrough.tsv --label jfr
# 3. Remote-write: throughput at paced offered loads and as fast as accepted, 4 client threads
for i in 1 2; do
  for rate in 50000 100000 150000 0; do
    run remotewrite 300 $W --warmup 10 --duration 30 --threads 4 --channels 2 --rate $rate \
      --out $R/remotewrite.tsv --label "run$i rate=$rate"
  done
done
# 3b. Remote-write wire comparison: 1 client thread, so every batch holds each series once (as a scrape does)
for i in 1 2; do
  run remotewrite-wire 300 $W --warmup 10 --duration 30 --threads 1 --channels 1 --rate 100000 \
    --out $R/remotewrite.tsv --label "wire run$i"
done
# 4. JMH
timeout 900 java -jar $JAR -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf text -rff $R/jmh.txt 2>&1 | tail -60 > $R/jmh-console.txt
# 5. Longer warm-up (30 s: the JIT was still compiling after 10 s) with the per-thread-group CPU breakdown
run warm30 300 $H --signals traces,logs,metrics --warmup 30 --duration 30 --threads 8 --channels 4 --batch on \
  --out $R/passthrough.tsv --label warm30
run warm30 300 $H --signals traces --warmup 30 --duration 30 --threads 8 --channels 4 --batch off \
  --out $R/passthrough.tsv --label warm30
# 6. Remote-write profile at a load it keeps up with
run remotewrite-jfr 300 $W --warmup 20 --duration 20 --threads 4 --channels 2 --rate 100000 \
  --jfr /tmp/otelcol4j-bench-rw.jfr --out $R/remotewrite.tsv --label "jfr rate=100000"
# 7. Batch overhead at the same paced load (40,000 spans/s, which both pipelines sustain): without the
#    batch processor the exporter falls behind at full speed (sent > delivered), so unpaced figures compare
#    a saturated pipeline with a steady one.
for i in 1 2; do
  for b in on off; do
    run batch-overhead 300 $H --signals traces --warmup 20 --duration 30 --threads 8 --channels 4 --batch $b \
      --rate 40000 --out $R/passthrough.tsv --label "paced run$i"
  done
done
# 8. JVM flag variants for the traces run (GC was a third of the collector's CPU with G1 and -Xmx1g)
run gc-variants 300 $H --signals traces --warmup 30 --duration 30 --threads 8 --channels 4 --batch on \
  --jvm "-Xmx1g -XX:+UseParallelGC" --out $R/passthrough.tsv --label "ParallelGC"
run gc-variants 300 $H --signals traces --warmup 30 --duration 30 --threads 8 --channels 4 --batch on \
  --jvm "-Xmx2g -Xmn1g" --out $R/passthrough.tsv --label "G1 Xmx2g Xmn1g"
# 9. The bigger young generation for every signal (second traces run), and remote-write with it
run gc-variants 400 $H --signals traces,logs,metrics --warmup 30 --duration 30 --threads 8 --channels 4 --batch on \
  --jvm "-Xmx2g -Xmn1g" --out $R/passthrough.tsv --label "G1 Xmx2g Xmn1g run2"
for rate in 200000 0; do
  run remotewrite 300 $W --warmup 20 --duration 30 --threads 4 --channels 2 --rate $rate --jvm "-Xmx2g -Xmn1g" \
    --out $R/remotewrite.tsv --label "Xmx2g Xmn1g rate=$rate"
done
# 10. Scrape: 1,000 targets x 500 series every 15 s, prometheus receiver -> batch -> prometheusremotewrite
#     vs Prometheus in agent mode on the same targets (collector -Xmx2g -Xmn512m, the harness default)
for i in 1 2; do
  run scrape 400 io.otelcol4j.bench.ScrapeHarness --targets 1000 --series 500 --interval 15 \
    --warmup-intervals 2 --intervals 3
done
run scrape 400 io.otelcol4j.bench.ScrapeHarness --targets 1000 --series 500 --interval 15 \
  --warmup-intervals 6 --intervals 3
