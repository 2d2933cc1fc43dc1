package io.otelcol4j.exporter.prometheusremotewrite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recomputes an AWS Signature Version 4 from the request as received, independently of the SDK:
 * canonical request, string to sign and signing key exactly as the AWS documentation
 * ("Create a signed AWS API request") describes them, with its own HMAC-SHA256.
 */
final class SigV4Verifier {
  private static final Pattern AUTH = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
  private static final HexFormat HEX = HexFormat.of();

  /** Secret and (for temporary credentials) the session token, by access key id. */
  record Key(String secret, String sessionToken) {}

  private final Map<String, Key> keys = new ConcurrentHashMap<>();
  private final String expectedService;
  private final String expectedRegion;

  SigV4Verifier(String service, String region) {
    this.expectedService = service;
    this.expectedRegion = region;
  }

  SigV4Verifier allow(String accessKeyId, String secret, String sessionToken) {
    keys.put(accessKeyId, new Key(secret, sessionToken));
    return this;
  }

  /** Null when the signature is right; otherwise why not, in AMP's words where it has them. */
  String verify(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
    String auth = headers.get("authorization");
    if (auth == null) {
      return "Missing Authentication Token";
    }
    Matcher m = AUTH.matcher(auth);
    if (!m.matches()) {
      return "Authorization header is malformed";
    }
    String akid = m.group(1);
    String date = m.group(2);
    String region = m.group(3);
    String service = m.group(4);
    String signedHeaders = m.group(5);
    String signature = m.group(6);
    Key key = keys.get(akid);
    if (key == null) {
      return "The security token included in the request is invalid.";
    }
    if (!service.equals(expectedService) || !region.equals(expectedRegion)) {
      return "Credential should be scoped to a valid region and service";
    }
    if (!key.sessionToken.isEmpty() && !key.sessionToken.equals(headers.get("x-amz-security-token"))) {
      return "The security token included in the request is invalid.";
    }
    String amzDate = headers.get("x-amz-date");
    if (amzDate == null || !amzDate.startsWith(date)) {
      return "X-Amz-Date missing or not matching the credential scope";
    }
    String payloadHash = hex(sha256(body));
    String declared = headers.get("x-amz-content-sha256");
    if (declared != null && !declared.equals(payloadHash)) {
      return "The provided 'x-amz-content-sha256' header does not match what was computed.";
    }
    List<String> names = List.of(signedHeaders.split(";"));
    if (!names.contains("host") || !names.contains("x-amz-date")) {
      return "host and x-amz-date must be signed";
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String n : names) {
      String v = headers.get(n);
      if (v == null) {
        return "signed header " + n + " is missing";
      }
      canonicalHeaders.append(n).append(':').append(v.trim().replaceAll(" +", " ")).append('\n');
    }
    String canonicalRequest = method + "\n"
        + (rawPath == null || rawPath.isEmpty() ? "/" : rawPath) + "\n"
        + canonicalQuery(rawQuery) + "\n"
        + canonicalHeaders + "\n"
        + signedHeaders + "\n"
        + payloadHash;
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] k = hmac(("AWS4" + key.secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    k = hmac(k, "aws4_request");
    String expected = hex(hmac(k, stringToSign));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
      return "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
          + " Access Key and signing method. Consult the service documentation for details.";
    }
    return null;
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>(List.of(rawQuery.split("&")));
    pairs.replaceAll(p -> p.contains("=") ? p : p + "=");
    pairs.sort(null);
    return String.join("&", pairs);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HEX.formatHex(b);
  }
}
