package io.otelcol4j.consumer;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The request a batch came with: who sent it, the request metadata (HTTP headers or gRPC metadata,
 * keys lower-cased) and, when the client set one, a deadline. Processors use it to associate data
 * with its sender (k8sattributes by connection IP) or to partition it (batch by metadata keys).
 *
 * @param peer the remote address of the connection, or null for in-process or scraped data
 * @param metadata header or metadata values by lower-case key; keys that differ only in case are
 *     merged, their values kept in the map's iteration order
 * @param deadline when the sender stops waiting, or null for none
 */
public record Context(
    @Nullable InetSocketAddress peer, Map<String, List<String>> metadata, @Nullable Instant deadline) {
  /** The context of data that did not arrive with a request (scrapes, files, tests). */
  public static final Context EMPTY = new Context(null, Map.of(), null);

  public Context {
    requireNonNull(metadata, "metadata");
    TreeMap<String, List<String>> lower = new TreeMap<>();
    // Keys differing only in case ("X-Tenant" and "x-tenant") are one header: keep all values.
    metadata.forEach((k, v) -> lower.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
      List<String> both = new java.util.ArrayList<>(a);
      both.addAll(b);
      return List.copyOf(both);
    }));
    metadata = java.util.Collections.unmodifiableMap(lower);
  }

  /** A context with only a peer address. */
  public static Context ofPeer(InetSocketAddress peer) {
    return new Context(peer, Map.of(), null);
  }

  /** The values of a metadata key, matched case-insensitively; empty when absent. */
  public List<String> metadata(String key) {
    List<String> v = metadata.get(key.toLowerCase(Locale.ROOT));
    return v == null ? List.of() : v;
  }

  /** The peer's IP address as text, or null when there is no peer. */
  public @Nullable String peerAddress() {
    if (peer == null) {
      return null;
    }
    return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
  }
}
