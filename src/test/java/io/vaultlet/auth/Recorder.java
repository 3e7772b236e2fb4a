package io.vaultlet.auth;

import io.vaultlet.support.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a token manager published (tokens, events) and everything logged meanwhile. */
final class Recorder implements TokenListener, AuthEventListener, AutoCloseable {

  final List<TokenChange> changes = new CopyOnWriteArrayList<>();
  final List<AuthToken> renewals = new CopyOnWriteArrayList<>();
  final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream previous = System.err;
  private final Log.Level previousLevel = Log.level();

  Recorder() {
    Log.setOutput(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    Log.setLevel(Log.Level.TRACE);
  }

  @Override
  public void tokenChanged(TokenChange change) {
    changes.add(change);
  }

  @Override
  public void tokenRenewed(AuthToken token) {
    renewals.add(token);
  }

  @Override
  public void onEvent(AuthEvent event) {
    events.add(event);
  }

  List<AuthEvent> events(AuthEvent.Type type) {
    List<AuthEvent> out = new ArrayList<>();
    for (AuthEvent e : events) {
      if (e.type() == type) {
        out.add(e);
      }
    }
    return out;
  }

  /** Every token this recorder saw. */
  List<String> tokens() {
    List<String> out = new ArrayList<>();
    for (TokenChange c : changes) {
      out.add(c.current().token());
    }
    return out;
  }

  String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    Log.setOutput(previous);
    Log.setLevel(previousLevel);
  }
}
