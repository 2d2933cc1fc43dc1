package io.otelcol4j.receiver.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * CORS as the collector's {@code confighttp} applies it: origins match exactly (case-insensitive),
 * by {@code *}, or by a pattern with one {@code *}; the CORS-safelisted headers and
 * {@code Origin} are always allowed; only {@code POST} is offered.
 */
final class CorsPolicy {
  private static final Set<String> ALWAYS_ALLOWED_HEADERS =
      Set.of("accept", "accept-language", "content-type", "content-language", "origin");

  private final boolean anyOrigin;
  private final List<String> origins = new ArrayList<>();
  private final List<String[]> patterns = new ArrayList<>();
  private final boolean anyHeader;
  private final Set<String> headers;
  private final int maxAge;

  CorsPolicy(OtlpReceiverConfig.Cors config) {
    boolean any = false;
    for (String o : config.allowedOrigins()) {
      String lower = o.toLowerCase(Locale.ROOT);
      if (lower.equals("*")) {
        any = true;
      } else if (lower.indexOf('*') >= 0) {
        int star = lower.indexOf('*');
        patterns.add(new String[] {lower.substring(0, star), lower.substring(star + 1)});
      } else {
        origins.add(lower);
      }
    }
    this.anyOrigin = any;
    boolean anyH = false;
    java.util.HashSet<String> h = new java.util.HashSet<>(ALWAYS_ALLOWED_HEADERS);
    for (String header : config.allowedHeaders()) {
      if (header.equals("*")) {
        anyH = true;
      }
      h.add(header.toLowerCase(Locale.ROOT));
    }
    this.anyHeader = anyH;
    this.headers = Set.copyOf(h);
    this.maxAge = config.maxAge();
  }

  /** True when CORS is on at all: upstream enables it only with at least one allowed origin. */
  static boolean enabled(OtlpReceiverConfig.@Nullable Cors config) {
    return config != null && !config.allowedOrigins().isEmpty();
  }

  boolean originAllowed(String origin) {
    if (anyOrigin) {
      return true;
    }
    String o = origin.toLowerCase(Locale.ROOT);
    if (origins.contains(o)) {
      return true;
    }
    for (String[] p : patterns) {
      if (o.length() >= p[0].length() + p[1].length() && o.startsWith(p[0]) && o.endsWith(p[1])) {
        return true;
      }
    }
    return false;
  }

  /** The {@code Access-Control-Allow-Origin} value for an allowed origin. */
  String allowOriginValue(String origin) {
    return anyOrigin ? "*" : origin;
  }

  boolean methodAllowed(String method) {
    return method.equalsIgnoreCase("POST");
  }

  /** True when every header in a preflight's comma-separated {@code Access-Control-Request-Headers} is allowed. */
  boolean headersAllowed(@Nullable String requested) {
    if (requested == null || requested.isBlank() || anyHeader) {
      return true;
    }
    for (String h : requested.split(",")) {
      String name = h.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !headers.contains(name)) {
        return false;
      }
    }
    return true;
  }

  int maxAge() {
    return maxAge;
  }
}
