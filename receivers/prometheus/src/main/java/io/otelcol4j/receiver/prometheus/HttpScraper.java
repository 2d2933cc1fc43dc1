package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.tls.PemTls;
import io.otelcol4j.prometheus.exposition.ExpositionParser;
import io.otelcol4j.prometheus.exposition.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of scraping for one scrape config: one JDK {@link HttpClient} (asynchronous, on the
 * receiver's shared executor), the request Prometheus sends, authentication, TLS, gzip and
 * {@code body_size_limit}.
 */
final class HttpScraper {
  /** A fetched page, uncompressed. */
  record Page(byte[] body, Format format) {}

  private final ScrapeConfig config;
  private final HttpClient client;
  private final String userAgent;
  private volatile @Nullable TimeoutHeader lastTimeout;

  HttpScraper(ScrapeConfig config, Executor executor, String userAgent) throws IOException, GeneralSecurityException {
    this.config = config;
    this.userAgent = userAgent;
    HttpClient.Builder b = HttpClient.newBuilder().executor(executor).followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(config.scrapeTimeout()).version(HttpClient.Version.HTTP_1_1);
    if (config.scheme().equals("https") || config.tls() != ScrapeConfig.TlsConfig.NONE) {
      b.sslContext(sslContext(config.tls()));
      if (config.tls().serverName() != null) {
        SSLParameters params = new SSLParameters();
        params.setServerNames(List.of(new SNIHostName(config.tls().serverName())));
        b.sslParameters(params);
      }
    }
    this.client = b.build();
  }

  /** Fetches a target's page; completes exceptionally with the reason a scrape fails. */
  CompletableFuture<Page> fetch(URI url, Duration timeout) {
    HttpRequest.Builder r = HttpRequest.newBuilder(url).timeout(timeout).GET()
        .header("Accept", Format.SCRAPE_ACCEPT_HEADER)
        .header("Accept-Encoding", "gzip")
        .header("User-Agent", userAgent)
        .header("X-Prometheus-Scrape-Timeout-Seconds", timeoutHeader(timeout));
    try {
      String auth = authorization();
      if (auth != null) {
        r.header("Authorization", auth);
      }
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return client.sendAsync(r.build(), this::bodyHandler)
        .orTimeout(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
        .thenApply(this::decode);
  }

  /** The timeout in seconds as Prometheus sends it, e.g. {@code 10} or {@code 0.5}; remembered for the usual one. */
  private String timeoutHeader(Duration timeout) {
    TimeoutHeader h = lastTimeout;
    if (h == null || !h.timeout.equals(timeout)) {
      h = new TimeoutHeader(timeout, BigDecimal.valueOf(timeout.toNanos(), 9).stripTrailingZeros().toPlainString());
      lastTimeout = h;
    }
    return h.value;
  }

  private record TimeoutHeader(Duration timeout, String value) {}

  private Page decode(HttpResponse<byte[]> response) {
    checkStatus(response);
    byte[] raw = response.body();
    String encoding = response.headers().firstValue("Content-Encoding").orElse("");
    byte[] body = raw;
    if (encoding.equalsIgnoreCase("gzip")) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        body = ExpositionParser.readBody(in, config.bodySizeLimit());
      } catch (IOException e) {
        throw new ScrapeException(e.getMessage().startsWith("body size limit exceeded")
            ? "body size limit exceeded" : "error decompressing the response: " + e.getMessage());
      }
    }
    return new Page(body, Format.forContentType(response.headers().firstValue("Content-Type").orElse(null)));
  }

  /** A scrape error with its message as the reason. */
  static final class ScrapeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScrapeException(String message) {
      super(message, null, false, false);
    }
  }

  private @Nullable String authorization() throws IOException {
    ScrapeConfig.BasicAuth basic = config.basicAuth();
    if (basic != null) {
      String password = basic.passwordFile() != null ? readSecret(basic.passwordFile()) : basic.password();
      return "Basic " + Base64.getEncoder().encodeToString(
          (basic.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    ScrapeConfig.Authorization a = config.authorization();
    if (a != null) {
      String credentials = a.credentialsFile() != null ? readSecret(a.credentialsFile()) : a.credentials();
      return a.type() + " " + credentials;
    }
    return null;
  }

  // Prometheus re-reads secret files on every request and trims surrounding white space.
  private static String readSecret(String file) throws IOException {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IOException("unable to read secret file " + file + ": " + e.getMessage(), e);
    }
  }

  private HttpResponse.BodySubscriber<byte[]> bodyHandler(HttpResponse.ResponseInfo info) {
    if (info.statusCode() != 200) {
      return HttpResponse.BodySubscribers.replacing(null);
    }
    boolean gzip = info.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip");
    long limit = config.bodySizeLimit();
    // A gzip body is limited after decompression; its compressed size only against runaway input.
    long rawLimit = limit <= 0 ? Integer.MAX_VALUE - 8 : gzip ? limit + limit / 64 + 4096 : limit;
    // With a Content-Length the body goes into one array of the right size, copied neither on growth nor at the end.
    long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    return new LimitedBody(rawLimit, length >= 0 && length <= rawLimit ? (int) length : 8192);
  }

  /** Collects a body into one array, failing as soon as it grows past the limit. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] buf;
    private int size;
    private Flow.@Nullable Subscription subscription;

    LimitedBody(long limit, int initialCapacity) {
      this.limit = Math.min(limit, Integer.MAX_VALUE - 8);
      this.buf = new byte[initialCapacity];
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        int n = b.remaining();
        if ((long) size + n > limit) {
          if (subscription != null) {
            subscription.cancel();
          }
          result.completeExceptionally(new ScrapeException("body size limit exceeded"));
          return;
        }
        if (size + n > buf.length) {
          buf = java.util.Arrays.copyOf(buf, (int) Math.min(limit, Math.max(Math.max((long) buf.length * 2, 8192),
              (long) size + n)));
        }
        b.get(buf, size, n);
        size += n;
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(size == buf.length ? buf : java.util.Arrays.copyOf(buf, size));
    }
  }

  /** Status check done after the body: non-200 fails the scrape as Prometheus words it. */
  static void checkStatus(HttpResponse<?> response) {
    if (response.statusCode() != 200) {
      throw new ScrapeException("server returned HTTP status " + response.statusCode());
    }
  }

  private static SSLContext sslContext(ScrapeConfig.TlsConfig tls) throws IOException {
    return PemTls.clientContext(tls.caFile(), tls.certFile(), tls.keyFile(), tls.insecureSkipVerify());
  }
}
