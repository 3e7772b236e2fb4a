package io.vaultlet.aws;

import io.vaultlet.config.AwsAccessKeyConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the AWS SDK clients vaultlet talks to AWS with: the JDK's {@code HttpURLConnection} transport (no Apache or
 * Netty engine in the image), the SDK's standard retries, and an optional endpoint override (private VPC endpoints,
 * FIPS endpoints, or the emulator's {@code /_aws/iam} and {@code /_aws/sts} stand-ins). The production code paths are
 * the SDK's own; only the endpoint changes.
 */
public final class AwsClients {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private AwsClients() {}

  /** An IAM client: IAM is global per partition, so {@code region} only picks the partition (aws, aws-cn, aws-us-gov). */
  public static IamClient iam(AwsCredentialsProvider credentials, String region, Optional<URI> endpoint) {
    var b = IamClient.builder()
        .httpClientBuilder(http())
        .credentialsProvider(credentials)
        .region(iamRegion(region));
    endpoint.ifPresent(b::endpointOverride);
    return b.build();
  }

  /** An STS client for {@code region} (its regional endpoint, unless overridden). */
  public static StsClient sts(AwsCredentialsProvider credentials, String region, Optional<URI> endpoint) {
    var b = StsClient.builder()
        .httpClientBuilder(http())
        .credentialsProvider(credentials)
        .region(Region.of(region == null || region.isBlank() ? AwsAccessKeyConfig.DEFAULT_REGION : region));
    endpoint.ifPresent(b::endpointOverride);
    return b.build();
  }

  /** IAM's global pseudo-region of the partition {@code region} belongs to. */
  static Region iamRegion(String region) {
    String r = region == null ? "" : region;
    if (r.startsWith("cn-")) {
      return Region.AWS_CN_GLOBAL;
    }
    if (r.startsWith("us-gov-")) {
      return Region.AWS_US_GOV_GLOBAL;
    }
    return Region.AWS_GLOBAL;
  }

  private static UrlConnectionHttpClient.Builder http() {
    return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT);
  }
}
