package io.otelcol4j.bench;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;

/** K client threads over C channels, each sending the same pre-serialised request in a loop. */
final class LoadClients implements AutoCloseable {
  final LongAdder sentItems = new LongAdder();
  final LongAdder refused = new LongAdder();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  volatile String lastError = "";

  private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());

  /**
   * @param itemsPerSecond offered load limit (requests are paced to it), or 0 for as fast as the
   *     collector accepts them
   */
  LoadClients(int port, int channelCount, int threadCount, MethodDescriptor<byte[], byte[]> method,
      List<byte[]> requests, int itemsPerRequest, long itemsPerSecond) {
    long interval = itemsPerSecond <= 0 ? 0 : (long) (1e9 * itemsPerRequest / itemsPerSecond);
    for (int c = 0; c < channelCount; c++) {
      channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
          .maxInboundMessageSize(64 * 1024 * 1024).build());
    }
    for (int t = 0; t < threadCount; t++) {
      ManagedChannel ch = channels.get(t % channelCount);
      int offset = t;
      Thread th = new Thread(() -> {
        int i = offset;
        while (!stop.get()) {
          byte[] req = requests.get(i++ % requests.size());
          if (interval > 0) {
            long slot = nextSlot.getAndAccumulate(interval, (prev, d) -> Math.max(prev, System.nanoTime() - d) + d);
            long wait = slot - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
          }
          try {
            ClientCalls.blockingUnaryCall(ch, method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), req);
            sentItems.add(itemsPerRequest);
          } catch (StatusRuntimeException e) {
            refused.add(itemsPerRequest);
            lastError = e.getStatus().toString();
            LockSupport.parkNanos(5_000_000); // back off like an SDK would, instead of spinning
          }
        }
      }, "load-" + t);
      th.setDaemon(true);
      threads.add(th);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(40_000);
    }
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
