package io.otelcol4j.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.RetryInfo;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.otlp.OtlpJson;
import io.otelcol4j.telemetry.Logger;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP/HTTP server on Netty: {@code POST} of protobuf or JSON export requests to the three
 * signal paths, optionally gzip- or deflate-compressed.
 *
 * <p>Threading: the event loops only parse HTTP and answer trivial errors. Decompression, decoding
 * and the synchronous pipeline call run on a small bounded worker pool, so a slow pipeline stalls
 * no other connection; while a connection's request is in flight its reads are paused, which keeps
 * responses in order and pushes back on the client. When the worker queue is full the request is
 * answered 503.
 *
 * <p>Limits: the aggregated body and the decompressed body are each capped at
 * {@code max_request_body_size}; decompression streams into a bounded buffer, so a compression
 * bomb costs at most that much memory before it is answered 413.
 */
final class HttpServer {
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] JSON_OK = "{}".getBytes(StandardCharsets.UTF_8);
  private static final JsonFormat.Printer STATUS_PRINTER = JsonFormat.printer()
      .usingTypeRegistry(TypeRegistry.newBuilder().add(RetryInfo.getDescriptor()).build())
      .omittingInsignificantWhitespace();

  private final String name;
  private final OtlpReceiverConfig.Http config;
  private final Logger logger;
  private final Map<String, Route<?>> routes = new HashMap<>();
  private final @Nullable CorsPolicy cors;
  private final int maxBody;

  private @Nullable EventLoopGroup boss;
  private @Nullable EventLoopGroup workers;
  private @Nullable ThreadPoolExecutor executor;
  private @Nullable Channel serverChannel;

  HttpServer(String name, OtlpReceiverConfig.Http config, OtlpReceiver.Consumers consumers, Logger logger) {
    this.name = name;
    this.config = config;
    this.logger = logger;
    this.cors = CorsPolicy.enabled(config.cors()) ? new CorsPolicy(config.cors()) : null;
    this.maxBody = (int) config.maxRequestBodySize();
    if (consumers.traces() != null) {
      routes.put(config.tracesUrlPath(), new Route<>("traces", "ExportTraceServiceRequest", TracesBatch::parseFrom,
          OtlpJson::parseTraces, consumers.traces()));
    }
    if (consumers.metrics() != null) {
      routes.put(config.metricsUrlPath(), new Route<>("metrics", "ExportMetricsServiceRequest",
          MetricsBatch::parseFrom, OtlpJson::parseMetrics, consumers.metrics()));
    }
    if (consumers.logs() != null) {
      routes.put(config.logsUrlPath(), new Route<>("logs", "ExportLogsServiceRequest", LogsBatch::parseFrom,
          OtlpJson::parseLogs, consumers.logs()));
    }
  }

  void start() throws Exception {
    SslContext ssl = null;
    OtlpReceiverConfig.Tls tls = config.tls();
    if (tls != null) {
      try {
        SslContextBuilder b = SslContextBuilder.forServer(new File(tls.certFile()), new File(tls.keyFile()))
            .protocols(tls.protocols());
        if (tls.clientCaFile() != null) {
          b.trustManager(new File(tls.clientCaFile())).clientAuth(ClientAuth.REQUIRE);
        }
        ssl = b.build();
      } catch (Exception e) {
        throw new IOException(Tls.loadFailure("http", tls, e), e);
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int ioThreads = Math.max(1, Math.min(4, cores));
    int workerThreads = Math.max(2, cores);
    String prefix = "otlp-http-" + name.replace('/', '-');
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(prefix + "-accept", true),
        NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory(prefix + "-io", true),
        NioIoHandler.newFactory());
    ThreadPoolExecutor ex = new ThreadPoolExecutor(workerThreads, workerThreads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(workerThreads * 8), new DefaultThreadFactory(prefix + "-worker", true));
    ex.allowCoreThreadTimeOut(true);
    executor = ex;
    SslContext sslContext = ssl;
    ServerBootstrap sb = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            if (sslContext != null) {
              p.addLast("tls", sslContext.newHandler(ch.alloc()));
            }
            p.addLast("codec", new HttpServerCodec());
            p.addLast("aggregator", new LimitingAggregator(maxBody));
            p.addLast("otlp", new Handler());
          }
        });
    try {
      serverChannel = sb.bind(config.hostPort().bindAddress()).sync().channel();
    } catch (Exception e) {
      stopAccepting();
      awaitStopped(Duration.ofSeconds(2));
      throw new IOException("cannot listen on " + config.endpoint() + ": " + e.getMessage(), e);
    }
  }

  int port() {
    Channel c = serverChannel;
    return c == null ? -1 : ((InetSocketAddress) c.localAddress()).getPort();
  }

  /** Closes the listening socket, releasing the port; open connections go on. */
  void stopAccepting() {
    Channel c = serverChannel;
    if (c != null) {
      c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }

  /** Lets in-flight requests finish up to {@code deadline}, then closes every connection and thread. */
  void awaitStopped(Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    ThreadPoolExecutor ex = executor;
    if (ex != null) {
      ex.shutdown();
      if (!ex.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        logger.warn("HTTP requests still in flight at the shutdown deadline; abandoning them", "receiver", name);
        ex.shutdownNow();
      }
    }
    List<io.netty.util.concurrent.Future<?>> stops = new ArrayList<>();
    for (EventLoopGroup g : new EventLoopGroup[] {workers, boss}) {
      if (g != null) {
        stops.add(g.shutdownGracefully(0, Math.max(100, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS));
      }
    }
    for (io.netty.util.concurrent.Future<?> f : stops) {
      f.await(Math.max(100, (end - System.nanoTime()) / 1_000_000) + 1000, TimeUnit.MILLISECONDS);
    }
  }

  /** Parses bodies of one signal and feeds them to its consumer. */
  private static final class Route<B extends Batch<B>> {
    final String signal;
    final String requestName;
    final ProtoParser<B> proto;
    final Function<byte[], B> json;
    final Consumer<B> consumer;

    Route(String signal, String requestName, ProtoParser<B> proto, Function<byte[], B> json, Consumer<B> consumer) {
      this.signal = signal;
      this.requestName = requestName;
      this.proto = proto;
      this.json = json;
      this.consumer = consumer;
    }

    /** Decodes and consumes; the refusal when not accepted, null when accepted. */
    @Nullable Refusal accept(Context context, byte[] body, boolean isJson, Logger logger) {
      B batch;
      try {
        batch = isJson ? json.apply(body) : proto.parse(body);
      } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
        String what = isJson ? "malformed OTLP/JSON " + requestName + ": " : "malformed " + requestName + ": ";
        logger.debug("Malformed OTLP/HTTP request", "signal", signal, "peer", context.peerAddress(),
            "error", e.getMessage());
        return Refusal.malformed(what + e.getMessage());
      }
      if (batch.itemCount() == 0) {
        return null;
      }
      try {
        consumer.consume(context, batch);
        return null;
      } catch (Throwable t) {
        Failures.propagateIfFatal(t);
        return Refusal.of(t);
      }
    }
  }

  @FunctionalInterface
  private interface ProtoParser<B> {
    B parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  /** The body is over the limit after decompression. */
  private static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /** The request body, decompressed into at most {@code maxBody} bytes. */
  private byte[] body(ByteBuf content, String encoding) throws IOException {
    switch (encoding) {
      case "":
      case "identity":
        return ByteBufUtil.getBytes(content);
      case "gzip":
      case "x-gzip":
        return inflate(new GZIPInputStream(new ByteBufInputStream(content), 8192));
      case "deflate":
        return inflate(new InflaterInputStream(new ByteBufInputStream(content)));
      default:
        throw new UnsupportedEncodingException(encoding);
    }
  }

  private byte[] inflate(InputStream in) throws IOException {
    try (in) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(maxBody, 64 * 1024));
      byte[] buf = new byte[16 * 1024];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > maxBody) {
          throw new TooLargeException("decompressed request body larger than max_request_body_size (" + maxBody
              + " bytes)");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static final class UnsupportedEncodingException extends IOException {
    private static final long serialVersionUID = 1L;

    UnsupportedEncodingException(String encoding) {
      super("unsupported Content-Encoding: " + encoding + " (supported: gzip, deflate, identity)");
    }
  }

  /** The response to a refused request: a {@code google.rpc.Status} in the request's encoding. */
  static FullHttpResponse statusResponse(Refusal r, boolean json) {
    byte[] body;
    if (json) {
      try {
        body = STATUS_PRINTER.print(r.toStatus()).getBytes(StandardCharsets.UTF_8);
      } catch (InvalidProtocolBufferException e) {
        body = "{\"code\":13,\"message\":\"failed to marshal error message\"}".getBytes(StandardCharsets.UTF_8);
      }
    } else {
      body = r.toStatus().toByteArray();
    }
    FullHttpResponse resp = response(HttpResponseStatus.valueOf(r.httpStatus()), json ? JSON : PROTOBUF, body);
    String retryAfter = r.retryAfterHeader();
    if (retryAfter != null) {
      resp.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
    }
    return resp;
  }

  private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return resp;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String text) {
    return response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** The media type of a Content-Type header, lower-cased, without parameters. */
  static String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** Answers bodies over the limit with 413 and an OTLP status, instead of Netty's empty 413. */
  private static final class LimitingAggregator extends HttpObjectAggregator {
    private final int max;

    LimitingAggregator(int max) {
      super(max);
      this.max = max;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      boolean json = JSON.equals(mediaType(oversized.headers().get(HttpHeaderNames.CONTENT_TYPE)));
      FullHttpResponse resp = statusResponse(
          Refusal.tooLarge("request body larger than max_request_body_size (" + max + " bytes)"), json);
      // As Netty does: keep the connection when the rest of the body can be skipped, else close.
      boolean keep = !(oversized instanceof FullHttpMessage)
          && (HttpUtil.is100ContinueExpected(oversized) || HttpUtil.isKeepAlive(oversized));
      if (keep) {
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      } else {
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  /** Per connection: routes, checks and dispatches requests one at a time. */
  private final class Handler extends ChannelInboundHandlerAdapter {
    private final ArrayDeque<FullHttpRequest> pending = new ArrayDeque<>();
    private boolean busy;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FullHttpRequest) {
        pending.add((FullHttpRequest) msg);
        drain(ctx);
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      for (FullHttpRequest r; (r = pending.poll()) != null; ) {
        r.release();
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Failures.propagateIfFatal(cause);
      logger.debug("OTLP/HTTP connection failed", "receiver", name, "peer", String.valueOf(ctx.channel().remoteAddress()),
          "error", String.valueOf(cause));
      ctx.close();
    }

    private void drain(ChannelHandlerContext ctx) {
      while (!busy) {
        FullHttpRequest req = pending.poll();
        if (req == null) {
          return;
        }
        handle(ctx, req);
      }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      String origin = req.headers().get(HttpHeaderNames.ORIGIN);
      if (!req.decoderResult().isSuccess()) {
        req.release();
        write(ctx, text(HttpResponseStatus.BAD_REQUEST, "400 bad request: " + req.decoderResult().cause()), false, null);
        return;
      }
      if (cors != null && req.method().equals(HttpMethod.OPTIONS) && origin != null
          && req.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
        FullHttpResponse resp = preflight(req, origin);
        req.release();
        write(ctx, resp, keepAlive, null);
        return;
      }
      Route<?> route = routes.get(new QueryStringDecoder(req.uri()).path());
      if (route == null) {
        req.release();
        write(ctx, text(HttpResponseStatus.NOT_FOUND, "404 page not found"), keepAlive, origin);
        return;
      }
      if (!req.method().equals(HttpMethod.POST)) {
        req.release();
        FullHttpResponse resp = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "405 method not allowed, supported: [POST]");
        resp.headers().set(HttpHeaderNames.ALLOW, "POST");
        write(ctx, resp, keepAlive, origin);
        return;
      }
      String media = mediaType(req.headers().get(HttpHeaderNames.CONTENT_TYPE));
      if (!media.equals(PROTOBUF) && !media.equals(JSON)) {
        req.release();
        write(ctx, text(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
            "415 unsupported media type, supported: [" + JSON + ", " + PROTOBUF + "]"), keepAlive, origin);
        return;
      }
      boolean json = media.equals(JSON);
      InetSocketAddress peer = ctx.channel().remoteAddress() instanceof InetSocketAddress
          ? (InetSocketAddress) ctx.channel().remoteAddress() : null;
      Context context = new Context(peer, config.includeMetadata() ? metadata(req.headers()) : Map.of(), null);
      String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING, "").trim().toLowerCase(Locale.ROOT);
      busy = true;
      ctx.channel().config().setAutoRead(false);
      try {
        executor.execute(() -> {
          FullHttpResponse resp = process(route, req, context, json, encoding);
          try {
            ctx.executor().execute(() -> complete(ctx, resp, keepAlive, origin));
          } catch (RejectedExecutionException e) {
            resp.release(); // the event loop is shutting down: the connection is going away
          }
        });
      } catch (RejectedExecutionException e) {
        req.release();
        busy = false;
        ctx.channel().config().setAutoRead(true);
        write(ctx, statusResponse(Refusal.overloaded("OTLP receiver is overloaded, try again later"), json),
            keepAlive, origin);
      }
    }

    /** On a worker thread: decompress, decode and consume; always releases {@code req}. */
    private FullHttpResponse process(Route<?> route, FullHttpRequest req, Context context, boolean json,
        String encoding) {
      Refusal refusal;
      try {
        byte[] body;
        try {
          body = body(req.content(), encoding);
        } finally {
          req.release();
        }
        refusal = route.accept(context, body, json, logger);
      } catch (TooLargeException e) {
        refusal = Refusal.tooLarge(e.getMessage());
      } catch (UnsupportedEncodingException e) {
        refusal = Refusal.malformed(e.getMessage());
      } catch (IOException e) {
        logger.debug("Malformed OTLP/HTTP request", "signal", route.signal, "peer", context.peerAddress(),
            "error", String.valueOf(e));
        refusal = Refusal.malformed("cannot decompress " + encoding + " request body: " + e.getMessage());
      } catch (Throwable t) {
        Failures.propagateIfFatal(t);
        logger.error("OTLP/HTTP request failed unexpectedly", t, "signal", route.signal);
        refusal = new Refusal(com.google.rpc.Code.INTERNAL, 500, "internal error: " + t, null);
      }
      if (refusal == null) {
        return response(HttpResponseStatus.OK, json ? JSON : PROTOBUF, json ? JSON_OK : EMPTY);
      }
      return statusResponse(refusal, json);
    }

    private void complete(ChannelHandlerContext ctx, FullHttpResponse resp, boolean keepAlive, @Nullable String origin) {
      busy = false;
      write(ctx, resp, keepAlive, origin);
      if (ctx.channel().isActive()) {
        ctx.channel().config().setAutoRead(true);
        drain(ctx);
      }
    }

    private FullHttpResponse preflight(FullHttpRequest req, String origin) {
      FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
      HttpHeaders h = resp.headers();
      h.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
      h.add(HttpHeaderNames.VARY, HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
      h.add(HttpHeaderNames.VARY, HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
      String method = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
      String requestedHeaders = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
      if (cors.originAllowed(origin) && cors.methodAllowed(method) && cors.headersAllowed(requestedHeaders)) {
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, cors.allowOriginValue(origin));
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, method.toUpperCase(Locale.ROOT));
        if (requestedHeaders != null && !requestedHeaders.isBlank()) {
          h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requestedHeaders);
        }
        if (cors.maxAge() > 0) {
          h.setInt(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, cors.maxAge());
        }
      }
      h.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      return resp;
    }

    private void write(ChannelHandlerContext ctx, FullHttpResponse resp, boolean keepAlive, @Nullable String origin) {
      if (origin != null && cors != null && cors.originAllowed(origin)) {
        resp.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, cors.allowOriginValue(origin));
        resp.headers().add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
      }
      if (!ctx.channel().isActive()) {
        resp.release();
        return;
      }
      if (keepAlive) {
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      } else {
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  private static Map<String, List<String>> metadata(HttpHeaders headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : headers) {
      out.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e.getValue());
    }
    return out;
  }
}
