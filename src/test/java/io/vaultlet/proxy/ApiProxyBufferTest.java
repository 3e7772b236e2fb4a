package io.vaultlet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the proxy reads before deciding to keep an answer: never more than the limit (+1 byte), never a byte lost. */
class ApiProxyBufferTest {

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31);
    }
    return b;
  }

  /** Hands out at most 1000 bytes per read, as a chunked body does. */
  private static InputStream trickle(byte[] b) {
    return new FilterInputStream(new ByteArrayInputStream(b)) {
      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        return super.read(buf, off, Math.min(len, 1000));
      }
    };
  }

  @Test
  void anAnswerUpToTheLimitIsReadWhole() throws IOException {
    for (int size : new int[] {0, 1, 8191, 8192, 20_000}) {
      ApiProxy.Buffered b = ApiProxy.Buffered.read(trickle(bytes(size)), 20_000, -1);
      assertThat(b.complete()).as("size %d", size).isTrue();
      assertThat(Arrays.copyOf(b.bytes(), b.length())).isEqualTo(bytes(size));
      assertThat(b.bytes().length).as("no slack kept").isEqualTo(size);
    }
    ApiProxy.Buffered announced = ApiProxy.Buffered.read(trickle(bytes(5000)), 20_000, 5000);
    assertThat(announced.complete()).isTrue();
    assertThat(announced.bytes()).isEqualTo(bytes(5000));
  }

  @Test
  void aLargerAnswerStopsOneByteOverTheLimitAndContinuesWhole() throws IOException {
    byte[] all = bytes(40_001);
    InputStream in = trickle(all);
    ApiProxy.Buffered b = ApiProxy.Buffered.read(in, 20_000, -1);
    assertThat(b.complete()).isFalse();
    assertThat(b.length()).isEqualTo(20_001);
    assertThat(b.bytes().length).as("the buffer never grows past the limit + 1").isLessThanOrEqualTo(20_001);
    assertThat(b.followedBy(in).readAllBytes()).isEqualTo(all);
  }
}
