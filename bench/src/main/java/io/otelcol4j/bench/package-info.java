/**
 * Load harnesses and JMH benchmarks for otelcol4j. Nothing here is part of the test run: build
 * with {@code mvn -Pbench -pl bench -am package} and see {@code bench/README.md}.
 */
@NullMarked
package io.otelcol4j.bench;

import org.jspecify.annotations.NullMarked;
