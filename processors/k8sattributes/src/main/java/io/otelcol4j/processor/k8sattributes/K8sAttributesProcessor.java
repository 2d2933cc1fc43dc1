package io.otelcol4j.processor.k8sattributes;

import io.otelcol4j.component.Host;
import io.otelcol4j.component.Processor;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;
import io.otelcol4j.consumer.Context;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * One pipeline's {@code k8sattributes} processor: enriches each batch from the shared
 * {@link K8sMetadata} and passes it on. Data that cannot be associated passes unchanged (as before
 * the watches have synced); nothing here blocks on the API server.
 */
final class K8sAttributesProcessor<B extends Batch<B>> implements Processor<B> {
  private final K8sMetadata metadata;
  private final BiFunction<Context, B, B> enrich;
  private final Consumer<B> next;
  private final Runnable release;
  private boolean stopped; // guarded by this

  /**
   * @param release called once on shutdown, to give up this instance's share of {@code metadata}
   */
  K8sAttributesProcessor(K8sMetadata metadata, BiFunction<Context, B, B> enrich, Consumer<B> next, Runnable release) {
    this.metadata = metadata;
    this.enrich = enrich;
    this.next = next;
    this.release = release;
  }

  K8sMetadata metadata() {
    return metadata;
  }

  @Override
  public void start(Host host) throws Exception {
    metadata.start();
  }

  @Override
  public void consume(Context context, B batch) {
    next.consume(context, enrich.apply(context, batch));
  }

  @Override
  public void shutdown(Duration deadline) {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
    }
    release.run();
  }
}
