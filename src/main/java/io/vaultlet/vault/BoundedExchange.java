package io.vaultlet.vault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange with two bounds the JDK client does not give: a deadline for the whole exchange — the request
 * timeout of {@link HttpRequest} ends when the headers arrive, so a server that drips the body a byte at a time could
 * hold a request for ever — and a cap on the body, read as it arrives and abandoned (connection closed) as soon as it
 * is larger, so a huge answer never sits in memory. Also used for the cloud endpoints of the auth methods.
 */
public final class BoundedExchange {

  /** The body is larger than allowed; never retried (the next answer would be as large). */
  public static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  private BoundedExchange() {}

  /**
   * Sends {@code request} and reads the whole response within {@code timeout}.
   *
   * @throws HttpTimeoutException when the response (headers and body) is not complete in time
   * @throws TooLarge when the body is larger than {@code maxBody} bytes
   */
  public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, Duration timeout, long maxBody)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> new Capped(info, maxBody));
    try {
      return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true); // closes the connection: the server's drip ends here
      throw new HttpTimeoutException("no complete response within " + describe(timeout)
          + " (the client timeout, VAULT_CLIENT_TIMEOUT or vault.client_timeout)");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (CancellationException e) {
      throw new IOException("request cancelled", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
        if (c instanceof TooLarge tooLarge) {
          throw new TooLarge(tooLarge.getMessage());
        }
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause == null ? "request failed" : String.valueOf(cause.getMessage()), cause);
    }
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** Collects the body up to {@code max} bytes; cancels the subscription (and so the connection) past it. */
  private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream body;
    private final long max;
    private final long declared;
    private Flow.Subscription subscription;

    Capped(HttpResponse.ResponseInfo info, long max) {
      this.max = max;
      this.declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      // sized once when the length is declared: no doubling copies of a large body
      this.body = new ByteArrayOutputStream(declared > 0 && declared <= max ? (int) declared : 8192);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (declared > max) {
        s.cancel();
        result.completeExceptionally(tooLarge());
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : buffers) {
        if ((long) body.size() + b.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(tooLarge());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        body.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(body.toByteArray());
    }

    private TooLarge tooLarge() {
      return new TooLarge("response body is larger than the limit of " + io.vaultlet.support.Sizes.format(max)
          + "; raise it with template_config.max_response_size");
    }
  }
}
