package io.vaultlet.vault;

import java.nio.ByteBuffer;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} whose engines always announce {@code tls_server_name} as the SNI host name.
 *
 * <p>The JDK HttpClient copies the client's SSLParameters and then overwrites the server names with the URI host just
 * before calling {@link SSLEngine#setSSLParameters}; the engine wrapper puts the configured name back at that point.
 */
final class ServerNameContext extends SSLContextSpi {

  private final SSLContext delegate;
  private final SNIHostName serverName;

  private ServerNameContext(SSLContext delegate, String serverName) {
    this.delegate = delegate;
    this.serverName = new SNIHostName(serverName);
  }

  static SSLContext wrap(SSLContext delegate, String serverName) {
    SSLContextSpi spi = new ServerNameContext(delegate, serverName);
    return new SSLContext(spi, delegate.getProvider(), delegate.getProtocol()) {};
  }

  @Override
  protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
    throw new KeyManagementException("already initialised");
  }

  @Override
  protected SSLSocketFactory engineGetSocketFactory() {
    return delegate.getSocketFactory();
  }

  @Override
  protected SSLServerSocketFactory engineGetServerSocketFactory() {
    return delegate.getServerSocketFactory();
  }

  @Override
  protected SSLEngine engineCreateSSLEngine() {
    return new Engine(delegate.createSSLEngine(), serverName);
  }

  @Override
  protected SSLEngine engineCreateSSLEngine(String host, int port) {
    return new Engine(delegate.createSSLEngine(host, port), serverName);
  }

  @Override
  protected SSLSessionContext engineGetServerSessionContext() {
    return delegate.getServerSessionContext();
  }

  @Override
  protected SSLSessionContext engineGetClientSessionContext() {
    return delegate.getClientSessionContext();
  }

  @Override
  protected SSLParameters engineGetDefaultSSLParameters() {
    return delegate.getDefaultSSLParameters();
  }

  @Override
  protected SSLParameters engineGetSupportedSSLParameters() {
    return delegate.getSupportedSSLParameters();
  }

  /** Delegates everything; only {@link #setSSLParameters} changes what it is given. */
  static final class Engine extends SSLEngine {
    private final SSLEngine d;
    private final SNIHostName serverName;

    Engine(SSLEngine delegate, SNIHostName serverName) {
      super(delegate.getPeerHost(), delegate.getPeerPort());
      this.d = delegate;
      this.serverName = serverName;
      SSLParameters p = d.getSSLParameters();
      p.setServerNames(List.of(serverName));
      d.setSSLParameters(p);
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
      params.setServerNames(List.of(serverName));
      d.setSSLParameters(params);
    }

    @Override public SSLParameters getSSLParameters() { return d.getSSLParameters(); }
    @Override public SSLEngineResult wrap(ByteBuffer[] src, int off, int len, ByteBuffer dst) throws SSLException {
      return d.wrap(src, off, len, dst);
    }
    @Override public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dst, int off, int len) throws SSLException {
      return d.unwrap(src, dst, off, len);
    }
    @Override public Runnable getDelegatedTask() { return d.getDelegatedTask(); }
    @Override public void closeInbound() throws SSLException { d.closeInbound(); }
    @Override public boolean isInboundDone() { return d.isInboundDone(); }
    @Override public void closeOutbound() { d.closeOutbound(); }
    @Override public boolean isOutboundDone() { return d.isOutboundDone(); }
    @Override public String[] getSupportedCipherSuites() { return d.getSupportedCipherSuites(); }
    @Override public String[] getEnabledCipherSuites() { return d.getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] suites) { d.setEnabledCipherSuites(suites); }
    @Override public String[] getSupportedProtocols() { return d.getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return d.getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] protocols) { d.setEnabledProtocols(protocols); }
    @Override public SSLSession getSession() { return d.getSession(); }
    @Override public SSLSession getHandshakeSession() { return d.getHandshakeSession(); }
    @Override public void beginHandshake() throws SSLException { d.beginHandshake(); }
    @Override public SSLEngineResult.HandshakeStatus getHandshakeStatus() { return d.getHandshakeStatus(); }
    @Override public void setUseClientMode(boolean mode) { d.setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return d.getUseClientMode(); }
    @Override public void setNeedClientAuth(boolean need) { d.setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return d.getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { d.setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return d.getWantClientAuth(); }
    @Override public void setEnableSessionCreation(boolean flag) { d.setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return d.getEnableSessionCreation(); }
    @Override public String getApplicationProtocol() { return d.getApplicationProtocol(); }
    @Override public String getHandshakeApplicationProtocol() { return d.getHandshakeApplicationProtocol(); }
    @Override public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> s) {
      d.setHandshakeApplicationProtocolSelector(s);
    }
    @Override public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
      return d.getHandshakeApplicationProtocolSelector();
    }
  }
}
